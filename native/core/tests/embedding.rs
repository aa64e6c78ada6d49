//! The committed sentence model (models/minilm-static): it loads, its tokenizer gives
//! HF tokenizers' ids (tests/fixtures/wordpiece-golden.json), its vectors behave, and
//! damaged copies are refused with a clear error.

use circle_core::embedding::{self, fnv1a64, EmbeddingCache, StaticModel};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn model_dir() -> PathBuf {
    repo_root().join("models/minilm-static")
}

fn model() -> &'static StaticModel {
    static MODEL: OnceLock<StaticModel> = OnceLock::new();
    MODEL.get_or_init(|| StaticModel::load(model_dir()).expect("the committed model loads"))
}

fn cosine(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum()
}

#[test]
fn loads_the_committed_model() {
    let started = Instant::now();
    let m = StaticModel::load(model_dir()).unwrap();
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    assert_eq!(m.dim(), 256);
    assert_eq!(m.vocab_size(), 30522);
    assert_eq!(m.tokenizer().token(100), Some("[UNK]"));
    assert_eq!(m.tokenizer().id("hello"), Some(7592));
    println!("model load: {load_ms:.1} ms");
}

#[test]
fn tokenizer_matches_hf_tokenizers_golden_ids() {
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/wordpiece-golden.json"))
        .expect("golden fixture");
    let golden: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    let mut mismatches = Vec::new();
    for case in cases {
        let input = case["text"].as_str().unwrap();
        let expected: Vec<u32> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let got = model().tokenizer().encode(input);
        if got != expected {
            mismatches.push(format!("{input:?}: {got:?} vs {expected:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn vectors_are_unit_length_and_meaningful() {
    let m = model();
    let v = m.embed("Use PostgreSQL for transactions.");
    assert_eq!(v.len(), 256);
    let norm: f64 = v.iter().map(|x| *x as f64 * *x as f64).sum::<f64>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
    assert_eq!(m.embed(""), vec![0.0; 256]);
    assert_eq!(m.embed("   \n\t "), vec![0.0; 256]);
    assert_eq!(m.embed("\u{e000}\u{e001}"), vec![0.0; 256]); // private use: dropped
    assert_eq!(m.embed("zzqxjvkw"), m.embed("zzqxjvkw")); // deterministic
                                                          // Case and accents do not matter (uncased model).
    assert_eq!(m.embed("Café RÉSUMÉ"), m.embed("cafe resume"));

    let pairs = [
        (
            "A cat is sleeping on the sofa.",
            "There is a cat asleep on the couch.",
            "The stock market fell sharply today.",
        ),
        (
            "Cache the results in Redis to cut latency.",
            "Put a Redis cache in front to make responses faster.",
            "The Roman Empire fell in the fifth century.",
        ),
        (
            "The capital of France is Paris.",
            "Paris is France's capital city.",
            "Tulips bloom in early spring.",
        ),
        (
            "Deploy it on Kubernetes with three replicas.",
            "Run three replicas of the service on a Kubernetes cluster.",
            "My grandmother knits warm scarves.",
        ),
    ];
    for (a, paraphrase, unrelated) in pairs {
        let (va, vp, vu) = (m.embed(a), m.embed(paraphrase), m.embed(unrelated));
        let (close, far) = (cosine(&va, &vp), cosine(&va, &vu));
        assert!(
            close > far + 0.2,
            "{a:?}: paraphrase {close:.3}, unrelated {far:.3}"
        );
    }
}

#[test]
fn damaged_copies_are_refused() {
    let dir = model_dir();
    let vocab = std::fs::read_to_string(dir.join("vocab.txt")).unwrap();
    let weights = std::fs::read(dir.join("model.safetensors")).unwrap();
    for cut in [0, 7, 100, weights.len() / 2, weights.len() - 1] {
        let err = StaticModel::from_bytes(&vocab, &weights[..cut]).unwrap_err();
        assert!(
            err.contains("truncated") || err.contains("corrupt"),
            "{cut}: {err}"
        );
    }
    let fewer: String = vocab.lines().take(1000).map(|l| format!("{l}\n")).collect();
    let err = StaticModel::from_bytes(&fewer, &weights).unwrap_err();
    assert!(
        err.contains("30522 rows but vocab.txt has 1000 tokens"),
        "{err}"
    );

    let tmp = std::env::temp_dir().join(format!("circle-model-test-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("vocab.txt"), &vocab).unwrap();
    let err = StaticModel::load(&tmp).unwrap_err();
    assert!(
        err.contains("model.safetensors") && err.contains("cannot read"),
        "{err}"
    );
    std::fs::write(tmp.join("model.safetensors"), &weights[..4096]).unwrap();
    let err = StaticModel::load(&tmp).unwrap_err();
    assert!(err.contains("truncated"), "{err}");
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn process_slot_and_cache() {
    assert!(embedding::model().is_none() || embedding::embed_cached(&["x"]).is_some());
    embedding::install_model(StaticModel::load(model_dir()).unwrap());
    let texts = ["Use PostgreSQL.", "Use PostgreSQL.", "Avoid MongoDB."];
    let first = embedding::embed_cached(&texts).unwrap();
    let again = embedding::embed_cached(&texts).unwrap();
    assert_eq!(first, again);
    assert_eq!(first[0], first[1]);
    assert_eq!(first[0], model().embed("Use PostgreSQL."));
    let (flat, dim) = embedding::embed_cached_flat(&texts).unwrap();
    assert_eq!(dim, 256);
    assert_eq!(&flat[256..512], &first[1][..]);
    assert_eq!(embedding::model().unwrap().dim(), 256);
}

#[test]
fn encode_speed() {
    let m = model();
    let words = [
        "postgres",
        "is",
        "a",
        "reliable",
        "database",
        "for",
        "transactions",
        "and",
        "redis",
        "handles",
        "caching",
        "well",
        "but",
        "kafka",
        "suits",
        "streams",
        "of",
        "events",
        "résumé",
        "naïve",
        "東京",
        "—",
        "it",
        "depends",
    ];
    let mut seed = 7u64;
    let sentences: Vec<String> = (0..20_000)
        .map(|_| {
            (0..12)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    words[(seed >> 33) as usize % words.len()]
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let started = Instant::now();
    let mut checksum = 0f64;
    for s in &sentences {
        checksum += m.embed(s)[0] as f64;
    }
    let single = started.elapsed().as_secs_f64();
    let cache = EmbeddingCache::new(1 << 15);
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let started = Instant::now();
    let all = cache.embed_all(m, &refs);
    let batch = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let _ = cache.embed_all(m, &refs);
    let cached = started.elapsed().as_secs_f64();
    assert_eq!(all.len(), sentences.len());
    assert!(checksum.is_finite());
    assert_ne!(fnv1a64(&sentences[0]), fnv1a64(&sentences[1]));
    println!(
        "encode 20k sentences of 12 words: one thread {:.0}/s, embed_all on the pool {:.0}/s, all cached {:.0}/s",
        sentences.len() as f64 / single,
        sentences.len() as f64 / batch,
        sentences.len() as f64 / cached
    );
}
