//! The static sentence model: a WordPiece vocabulary and one int8 row (with one f32
//! scale) per token, read from `vocab.txt` and `model.safetensors` of
//! models/minilm-static (made by scripts/distill-model.py). Twin of
//! `server/core/fallback/embedding/model.ts`.
//!
//! A sentence's vector is the mean of the dequantised rows of its WordPiece ids (no
//! special tokens, `[UNK]` left out), L2-normalised; a text without any known token gives
//! the zero vector. Sums run in f64 in token order (an i8 times an f32 is exact in f64),
//! the TypeScript twin does the same, so the two agree to the last f32 bit or so.

use super::tokenizer::WordPiece;
use std::path::Path;

/// Names of the two files `StaticModel::load` reads from a model directory.
pub const VOCAB_FILE: &str = "vocab.txt";
pub const WEIGHTS_FILE: &str = "model.safetensors";

/// Refuses headers beyond this: the real one is a few hundred bytes.
const MAX_HEADER_BYTES: u64 = 1 << 20;
/// Refuses absurd dimensions before allocating anything.
const MAX_DIM: usize = 4096;

#[derive(Debug, Clone)]
pub struct StaticModel {
    tokenizer: WordPiece,
    /// vocab_size x dim, row-major, as stored.
    embeddings: Vec<i8>,
    scales: Vec<f32>,
    dim: usize,
}

struct TensorInfo {
    dtype: String,
    shape: Vec<usize>,
    start: usize,
    end: usize,
}

fn tensor_info(header: &serde_json::Value, name: &str) -> Result<TensorInfo, String> {
    let entry = header
        .get(name)
        .ok_or_else(|| format!("{WEIGHTS_FILE} has no tensor {name:?}"))?;
    let dtype = entry
        .get("dtype")
        .and_then(|d| d.as_str())
        .ok_or_else(|| format!("{WEIGHTS_FILE}: tensor {name:?} has no dtype"))?
        .to_string();
    let shape = entry
        .get("shape")
        .and_then(|s| s.as_array())
        .ok_or_else(|| format!("{WEIGHTS_FILE}: tensor {name:?} has no shape"))?
        .iter()
        .map(|d| d.as_u64().map(|d| d as usize))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| format!("{WEIGHTS_FILE}: tensor {name:?} has a malformed shape"))?;
    let offsets = entry
        .get("data_offsets")
        .and_then(|o| o.as_array())
        .filter(|o| o.len() == 2)
        .and_then(|o| Some((o[0].as_u64()? as usize, o[1].as_u64()? as usize)))
        .ok_or_else(|| format!("{WEIGHTS_FILE}: tensor {name:?} has malformed data_offsets"))?;
    Ok(TensorInfo {
        dtype,
        shape,
        start: offsets.0,
        end: offsets.1,
    })
}

impl StaticModel {
    /// Reads `vocab.txt` and `model.safetensors` from `dir`. A missing, unreadable or
    /// inconsistent file is an `Err` naming it; never a panic.
    pub fn load(dir: impl AsRef<Path>) -> Result<StaticModel, String> {
        let dir = dir.as_ref();
        let vocab_path = dir.join(VOCAB_FILE);
        let weights_path = dir.join(WEIGHTS_FILE);
        let vocab = std::fs::read_to_string(&vocab_path)
            .map_err(|e| format!("cannot read {}: {e}", vocab_path.display()))?;
        let weights = std::fs::read(&weights_path)
            .map_err(|e| format!("cannot read {}: {e}", weights_path.display()))?;
        StaticModel::from_bytes(&vocab, &weights).map_err(|e| format!("{}: {e}", dir.display()))
    }

    /// The model from the contents of `vocab.txt` and `model.safetensors`.
    pub fn from_bytes(vocab: &str, safetensors: &[u8]) -> Result<StaticModel, String> {
        let tokenizer = WordPiece::from_vocab_text(vocab)?;
        if safetensors.len() < 8 {
            return Err(format!(
                "{WEIGHTS_FILE} is truncated ({} bytes, not even a header length)",
                safetensors.len()
            ));
        }
        let mut len_bytes = [0u8; 8];
        len_bytes.copy_from_slice(&safetensors[..8]);
        let header_len = u64::from_le_bytes(len_bytes);
        if header_len > MAX_HEADER_BYTES || header_len > (safetensors.len() - 8) as u64 {
            return Err(format!(
                "{WEIGHTS_FILE} is truncated or corrupt (header of {header_len} bytes in a file of {})",
                safetensors.len()
            ));
        }
        let data_start = 8 + header_len as usize;
        let header: serde_json::Value = serde_json::from_slice(&safetensors[8..data_start])
            .map_err(|e| format!("{WEIGHTS_FILE} has a corrupt header: {e}"))?;
        if !header.is_object() {
            return Err(format!(
                "{WEIGHTS_FILE} has a corrupt header: not a JSON object"
            ));
        }
        let data = &safetensors[data_start..];

        let emb = tensor_info(&header, "embeddings")?;
        let sc = tensor_info(&header, "scales")?;
        if emb.dtype != "I8" {
            return Err(format!(
                "{WEIGHTS_FILE}: embeddings must be I8, found {}",
                emb.dtype
            ));
        }
        if sc.dtype != "F32" {
            return Err(format!(
                "{WEIGHTS_FILE}: scales must be F32, found {}",
                sc.dtype
            ));
        }
        let (rows, dim) = match emb.shape[..] {
            [rows, dim] if dim > 0 && dim <= MAX_DIM => (rows, dim),
            _ => {
                return Err(format!(
                    "{WEIGHTS_FILE}: embeddings must have shape [vocab, dim] with 0 < dim <= {MAX_DIM}, found {:?}",
                    emb.shape
                ))
            }
        };
        if rows != tokenizer.len() {
            return Err(format!(
                "{WEIGHTS_FILE} has {rows} rows but {} has {} tokens",
                super::model::VOCAB_FILE,
                tokenizer.len()
            ));
        }
        if sc.shape != [rows] {
            return Err(format!(
                "{WEIGHTS_FILE}: scales must have shape [{rows}], found {:?}",
                sc.shape
            ));
        }
        let emb_bytes = rows
            .checked_mul(dim)
            .ok_or_else(|| format!("{WEIGHTS_FILE}: embeddings shape overflows"))?;
        for (name, info, expected) in [("embeddings", &emb, emb_bytes), ("scales", &sc, rows * 4)] {
            if info.end < info.start || info.end - info.start != expected {
                return Err(format!(
                    "{WEIGHTS_FILE}: tensor {name:?} should hold {expected} bytes, its offsets say {}..{}",
                    info.start, info.end
                ));
            }
            if info.end > data.len() {
                return Err(format!(
                    "{WEIGHTS_FILE} is truncated: tensor {name:?} ends at byte {} of {} data bytes",
                    info.end,
                    data.len()
                ));
            }
        }
        let embeddings: Vec<i8> = data[emb.start..emb.end].iter().map(|&b| b as i8).collect();
        let scales: Vec<f32> = data[sc.start..sc.end]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if let Some(bad) = scales.iter().position(|s| !s.is_finite() || *s < 0.0) {
            return Err(format!(
                "{WEIGHTS_FILE}: scale of row {bad} is {} (must be finite and >= 0)",
                scales[bad]
            ));
        }
        Ok(StaticModel {
            tokenizer,
            embeddings,
            scales,
            dim,
        })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn vocab_size(&self) -> usize {
        self.tokenizer.len()
    }

    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// The dequantised row of token `id` (None past the vocabulary).
    pub fn row(&self, id: u32) -> Option<Vec<f32>> {
        let i = id as usize;
        let q = self.embeddings.get(i * self.dim..(i + 1) * self.dim)?;
        let s = self.scales[i];
        Some(q.iter().map(|&v| v as f32 * s).collect())
    }

    /// Unit-length sentence vector of `dim()` components; zeros when no token is known.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut ids = Vec::new();
        self.tokenizer.encode_into(text, &mut ids);
        self.embed_ids(&ids)
    }

    /// `embed` over ready token ids (`[UNK]` and ids past the vocabulary are skipped).
    pub fn embed_ids(&self, ids: &[u32]) -> Vec<f32> {
        let unk = self.tokenizer.unk_id();
        let mut acc = vec![0f64; self.dim];
        let mut count = 0usize;
        for &id in ids {
            let i = id as usize;
            if id == unk || i >= self.scales.len() {
                continue;
            }
            let s = self.scales[i] as f64;
            let row = &self.embeddings[i * self.dim..(i + 1) * self.dim];
            for (a, &q) in acc.iter_mut().zip(row) {
                *a += q as f64 * s;
            }
            count += 1;
        }
        if count == 0 {
            return vec![0.0; self.dim];
        }
        let n = count as f64;
        let mut norm = 0f64;
        for a in acc.iter_mut() {
            *a /= n;
            norm += *a * *a;
        }
        let norm = norm.sqrt();
        if norm == 0.0 || !norm.is_finite() {
            return vec![0.0; self.dim];
        }
        acc.iter().map(|a| (a / norm) as f32).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A safetensors file in the model's layout, built by hand.
    pub(crate) fn safetensors(rows: &[&[i8]], scales: &[f32]) -> Vec<u8> {
        let dim = rows.first().map_or(0, |r| r.len());
        let emb: Vec<u8> = rows
            .iter()
            .flat_map(|r| r.iter().map(|&v| v as u8))
            .collect();
        let header = format!(
            r#"{{"__metadata__":{{"format":"test"}},"embeddings":{{"dtype":"I8","shape":[{},{}],"data_offsets":[0,{}]}},"scales":{{"dtype":"F32","shape":[{}],"data_offsets":[{},{}]}}}}"#,
            rows.len(),
            dim,
            emb.len(),
            scales.len(),
            emb.len(),
            emb.len() + scales.len() * 4
        );
        let mut out = (header.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(&emb);
        for s in scales {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    const VOCAB: &str = "[PAD]\n[UNK]\nhello\nworld\n!\n";

    fn small() -> StaticModel {
        let st = safetensors(
            &[&[0, 0], &[5, 5], &[127, 0], &[0, 127], &[-127, 0]],
            &[0.0, 1.0, 0.5, 0.25, 0.5],
        );
        StaticModel::from_bytes(VOCAB, &st).unwrap()
    }

    #[test]
    fn embed_is_the_normalised_mean_of_known_rows() {
        let m = small();
        assert_eq!(m.dim(), 2);
        assert_eq!(m.vocab_size(), 5);
        assert_eq!(m.embed("hello"), [1.0, 0.0]);
        let v = m.embed("Hello world");
        assert!((v[0] - v[1] * 2.0).abs() < 1e-6, "{v:?}"); // 63.5 : 31.75
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-6);
        // [UNK] is left out; nothing known -> zeros.
        assert_eq!(m.embed("hello qqq"), m.embed("hello"));
        assert_eq!(m.embed(""), [0.0, 0.0]);
        assert_eq!(m.embed("qqq zzz"), [0.0, 0.0]);
        // Rows that cancel out -> zeros, not NaN.
        assert_eq!(m.embed("hello !"), [0.0, 0.0]);
        assert_eq!(m.row(2), Some(vec![63.5, 0.0]));
        assert_eq!(m.row(9), None);
    }

    #[test]
    fn corrupt_or_truncated_weights_are_errors() {
        let good = safetensors(&[&[1], &[1], &[1], &[1], &[1]], &[1.0; 5]);
        assert!(StaticModel::from_bytes(VOCAB, &good).is_ok());
        for cut in [0, 4, 8, 20, good.len() - 1] {
            let err = StaticModel::from_bytes(VOCAB, &good[..cut]).unwrap_err();
            assert!(
                err.contains("truncated") || err.contains("corrupt"),
                "cut {cut}: {err}"
            );
        }
        let mut bad_json = good.clone();
        bad_json[8] = b'[';
        assert!(StaticModel::from_bytes(VOCAB, &bad_json)
            .unwrap_err()
            .contains("corrupt header"));
        let mut huge = good.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(StaticModel::from_bytes(VOCAB, &huge)
            .unwrap_err()
            .contains("corrupt"));
        let fewer_rows = safetensors(&[&[1], &[1]], &[1.0; 2]);
        assert!(StaticModel::from_bytes(VOCAB, &fewer_rows)
            .unwrap_err()
            .contains("2 rows but vocab.txt has 5 tokens"));
        let nan = safetensors(
            &[&[1], &[1], &[1], &[1], &[1]],
            &[1.0, f32::NAN, 1.0, 1.0, 1.0],
        );
        assert!(StaticModel::from_bytes(VOCAB, &nan)
            .unwrap_err()
            .contains("scale of row 1"));
        let mut u8_dtype = good.clone();
        let at = u8_dtype.windows(4).position(|w| w == b"\"I8\"").unwrap();
        u8_dtype[at + 1] = b'U';
        assert!(StaticModel::from_bytes(VOCAB, &u8_dtype)
            .unwrap_err()
            .contains("must be I8, found U8"));
        assert!(StaticModel::from_bytes("", &good).is_err());
    }

    #[test]
    fn load_names_the_missing_file() {
        let err = StaticModel::load("/nonexistent/circle-model").unwrap_err();
        assert!(err.contains("/nonexistent/circle-model/vocab.txt"), "{err}");
    }
}
