//! A pretrained sentence-embedding model without a transformer at run time:
//! sentence-transformers/all-MiniLM-L6-v2 distilled (Model2Vec recipe) into one int8
//! vector per WordPiece token, committed in models/minilm-static
//! (scripts/distill-model.py makes and checks it).
//!
//! - [`tokenizer`]: BERT's uncased BasicTokenizer + WordPiece;
//! - [`model`]: [`StaticModel`], the loader and `embed`;
//! - here: [`EmbeddingCache`] and the process-wide slot ([`install_model`], [`model`],
//!   [`embed_cached`]).
//!
//! The TypeScript twin is server/core/fallback/embedding/ (same tokenizer, loader,
//! vectors within 1e-6, same cache policy).

pub mod model;
pub mod tokenizer;

pub use model::StaticModel;
pub use tokenizer::WordPiece;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, RwLock};

/// Entries an [`EmbeddingCache`] holds by default (16,384 x 256 f32 = 16 MiB of vectors).
pub const DEFAULT_CACHE_CAPACITY: usize = 16_384;

/// Texts of one `embed_cached` call beyond which the misses are embedded on the thread pool.
const PARALLEL_MISSES: usize = 64;

/// 64-bit FNV-1a over the UTF-8 bytes of `text` exactly as given (no normalisation).
pub fn fnv1a64(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct CacheInner {
    map: FxHashMap<u64, (Arc<[f32]>, u64)>,
    tick: u64,
}

/// Sentence vectors keyed by [`fnv1a64`] of the text, at most `capacity` of them.
///
/// Eviction: when an insert finds the cache full, the least recently used half is
/// dropped at once (each entry carries the tick of its last use), which keeps every
/// operation O(1) amortised without a linked list. Two texts with the same 64-bit hash
/// would share an entry; at 16k entries the odds are about 1e-11.
/// One `Mutex` guards it; lookups and inserts are short (no embedding under the lock).
pub struct EmbeddingCache {
    inner: Mutex<CacheInner>,
    capacity: usize,
}

impl EmbeddingCache {
    pub fn new(capacity: usize) -> EmbeddingCache {
        EmbeddingCache {
            inner: Mutex::new(CacheInner {
                map: FxHashMap::default(),
                tick: 0,
            }),
            capacity: capacity.max(2),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        // A panic elsewhere while holding the lock leaves a valid map: keep using it.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&self) {
        self.lock().map.clear();
    }

    pub fn get(&self, key: u64) -> Option<Arc<[f32]>> {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        inner.map.get_mut(&key).map(|(v, used)| {
            *used = tick;
            v.clone()
        })
    }

    pub fn insert(&self, key: u64, vector: Arc<[f32]>) {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        if inner.map.len() >= self.capacity && !inner.map.contains_key(&key) {
            Self::evict_older_half(&mut inner.map);
        }
        inner.map.insert(key, (vector, tick));
    }

    fn evict_older_half(map: &mut FxHashMap<u64, (Arc<[f32]>, u64)>) {
        let mut ticks: Vec<u64> = map.values().map(|(_, t)| *t).collect();
        let mid = ticks.len() / 2;
        let (_, cut, _) = ticks.select_nth_unstable(mid);
        let cut = *cut; // ticks are unique: exactly `mid` entries are older than `cut`
        map.retain(|_, (_, t)| *t >= cut);
    }

    /// Vectors of `texts` from the cache, embedding (and caching) the misses with `model`.
    pub fn embed_all(&self, model: &StaticModel, texts: &[&str]) -> Vec<Arc<[f32]>> {
        let keys: Vec<u64> = texts.iter().map(|t| fnv1a64(t)).collect();
        let mut out: Vec<Option<Arc<[f32]>>> = keys.iter().map(|&k| self.get(k)).collect();
        let misses: Vec<usize> = (0..texts.len()).filter(|&i| out[i].is_none()).collect();
        let embed = |&i: &usize| -> Arc<[f32]> { model.embed(texts[i]).into() };
        let fresh: Vec<Arc<[f32]>> = if misses.len() >= PARALLEL_MISSES {
            misses.par_iter().map(embed).collect()
        } else {
            misses.iter().map(embed).collect()
        };
        for (&i, v) in misses.iter().zip(fresh) {
            self.insert(keys[i], v.clone());
            out[i] = Some(v);
        }
        out.into_iter()
            .map(|v| v.unwrap_or_else(|| Arc::from(Vec::new())))
            .collect()
    }
}

/// The installed model and its own cache (a new model starts with an empty cache, so a
/// vector computed by the old one can never be served for the new one).
struct Installed {
    model: Arc<StaticModel>,
    cache: Arc<EmbeddingCache>,
}

static SLOT: RwLock<Option<Installed>> = RwLock::new(None);

/// Makes `model` the process-wide sentence model (replacing any previous one and its cache).
pub fn install_model(model: StaticModel) {
    let installed = Installed {
        model: Arc::new(model),
        cache: Arc::new(EmbeddingCache::new(DEFAULT_CACHE_CAPACITY)),
    };
    *SLOT.write().unwrap_or_else(|p| p.into_inner()) = Some(installed);
}

/// The process-wide model, if one was installed.
pub fn model() -> Option<Arc<StaticModel>> {
    SLOT.read()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|i| i.model.clone())
}

fn installed() -> Option<(Arc<StaticModel>, Arc<EmbeddingCache>)> {
    SLOT.read()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|i| (i.model.clone(), i.cache.clone()))
}

/// Vectors of `texts` with the installed model, through its cache; None without a model.
pub fn embed_cached(texts: &[&str]) -> Option<Vec<Vec<f32>>> {
    let (model, cache) = installed()?;
    Some(
        cache
            .embed_all(&model, texts)
            .into_iter()
            .map(|v| v.to_vec())
            .collect(),
    )
}

/// `embed_cached`, written back to back into one buffer of `texts.len() * dim` values.
pub fn embed_cached_flat(texts: &[&str]) -> Option<(Vec<f32>, usize)> {
    let (model, cache) = installed()?;
    let dim = model.dim();
    let mut flat = Vec::with_capacity(texts.len() * dim);
    for v in cache.embed_all(&model, texts) {
        flat.extend_from_slice(&v);
    }
    Some((flat, dim))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64("foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn cache_drops_the_least_recently_used_half_when_full() {
        let cache = EmbeddingCache::new(4);
        for k in 0..4u64 {
            cache.insert(k, Arc::from(vec![k as f32]));
        }
        assert!(cache.get(0).is_some()); // 0 is now the most recent
        assert!(cache.get(1).is_some());
        cache.insert(9, Arc::from(vec![9.0]));
        assert_eq!(cache.len(), 3);
        assert!(cache.get(2).is_none() && cache.get(3).is_none());
        assert_eq!(cache.get(0).as_deref(), Some(&[0.0][..]));
        assert_eq!(cache.get(9).as_deref(), Some(&[9.0][..]));
        // Re-inserting a present key never evicts.
        cache.insert(10, Arc::from(vec![10.0]));
        cache.insert(10, Arc::from(vec![11.0]));
        assert_eq!(cache.len(), 4);
        assert_eq!(cache.get(10).as_deref(), Some(&[11.0][..]));
    }

    #[test]
    fn cache_is_shared_across_threads() {
        let st = model::tests::safetensors(&[&[0, 1], &[1, 0], &[3, 4]], &[1.0, 1.0, 1.0]);
        let m = Arc::new(StaticModel::from_bytes("[UNK]\na\nb\n", &st).unwrap());
        let cache = Arc::new(EmbeddingCache::new(64));
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (m, cache) = (m.clone(), cache.clone());
                std::thread::spawn(move || {
                    for i in 0..200 {
                        let text = format!("a b {}", (i + t) % 100);
                        let v = cache.embed_all(&m, &[&text]);
                        assert_eq!(&*v[0], &m.embed(&text)[..]);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert!(cache.len() <= 64);
    }
}
