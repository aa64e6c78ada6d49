//! Step 2 of docs/consensus.md, "Meaning": how alike two claims are. With the sentence
//! model, the cosine of their embeddings (static MiniLM, `crate::embedding`) blended
//! with the cosine of their TF-IDF vectors fitted on the panel; without it (no model
//! installed), the TF-IDF cosine alone, against a lower threshold.
//! Twin of server/core/fallback/meaning.ts.
//!
//! Every similarity is summed in the fallback's order (component by component, in f64),
//! so both backends get the same floats. The O(claims²) part runs on the thread pool:
//! the vectors of the claims that can be compared are laid out eight side by side
//! (several dot products at once, each still summed in order), and for panels of
//! ordinary size every pair is computed once and kept (a flat square, rows contiguous for
//! the row-wise steps; a triangle for larger sets).

use crate::claims::Claim;
use crate::embedding::embed_cached;
use crate::js;
use crate::params::params;
use crate::vectors::SparseVector;
use rayon::prelude::*;

/// Claims up to which every pair's similarity is stored (a triangle of 4,096 claims is
/// 67 MB); beyond, rows are computed when needed.
const MAX_STORED: usize = 4096;
/// Claims up to which the pairs are kept as a full square (2,048 claims: 34 MB).
const MAX_SQUARE: usize = 2048;
/// Dot products computed side by side.
const LANES: usize = 8;

/// `text.replace(/[*_`#>|]+/gu, ' ').replace(/\s+/gu, ' ').trim()`: the text a claim is
/// embedded as, Markdown marks removed, spaces collapsed.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '#' | '>' | '|') || js::is_space(c) {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

/// The fallback's `dot`: a Float32Array dot product summed in f64.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        sum += f64::from(*x) * f64::from(*y);
    }
    sum
}

/// The fallback's `sparseCosine`: the sum over shared features, in ascending feature order.
pub fn sparse_cosine(a: &SparseVector, b: &SparseVector) -> f64 {
    let (mut i, mut j) = (0, 0);
    let mut sum = 0.0;
    while i < a.ids.len() && j < b.ids.len() {
        let (x, y) = (a.ids[i], b.ids[j]);
        if x == y {
            sum += a.weights[i] * b.weights[j];
            i += 1;
            j += 1;
        } else if x < y {
            i += 1;
        } else {
            j += 1;
        }
    }
    sum
}

/// One sparse vector spread out for many cosines against it (the same sums as
/// `sparse_cosine`: matching features, in ascending order).
struct SparseRow {
    values: Vec<f64>,
    stamp: Vec<u32>,
    serial: u32,
}

impl SparseRow {
    fn new(features: usize) -> SparseRow {
        SparseRow {
            values: vec![0.0; features],
            stamp: vec![0; features],
            serial: 0,
        }
    }

    fn load(&mut self, v: &SparseVector) {
        self.serial += 1;
        for (&id, &w) in v.ids.iter().zip(&v.weights) {
            self.values[id as usize] = w;
            self.stamp[id as usize] = self.serial;
        }
    }

    #[inline]
    fn cosine(&self, b: &SparseVector) -> f64 {
        let mut sum = 0.0;
        for (&id, &w) in b.ids.iter().zip(&b.weights) {
            if self.stamp[id as usize] == self.serial {
                sum += self.values[id as usize] * w;
            }
        }
        sum
    }
}

/// The embeddings of a set of claims as f64, transposed in blocks of `LANES` vectors:
/// `blocks[(block * dim + d) * LANES + k]` is component d of vector `block * LANES + k`.
struct Columns {
    dim: usize,
    count: usize,
    blocks: Vec<f64>,
    rows: Vec<f64>,
}

impl Columns {
    fn new(vectors: &[&[f32]], dim: usize) -> Columns {
        let count = vectors.len();
        let nblocks = count.div_ceil(LANES);
        let mut blocks = vec![0.0; nblocks * dim * LANES];
        let mut rows = vec![0.0; count * dim];
        for (j, v) in vectors.iter().enumerate() {
            let (block, k) = (j / LANES, j % LANES);
            for (d, &x) in v.iter().enumerate() {
                blocks[(block * dim + d) * LANES + k] = f64::from(x);
                rows[j * dim + d] = f64::from(x);
            }
        }
        Columns {
            dim,
            count,
            blocks,
            rows,
        }
    }

    fn row(&self, j: usize) -> &[f64] {
        &self.rows[j * self.dim..(j + 1) * self.dim]
    }

    /// `out[j - from_block * LANES]` = row `a` · vector j, for every vector from block `from_block` on.
    fn dots_from(&self, a: usize, from_block: usize, out: &mut [f64]) {
        self.dots_with(self.row(a), from_block, out);
    }

    /// `dots_from` for rows a and b at once (each tile read once for both).
    fn dots2_from(
        &self,
        a: usize,
        b: usize,
        from_block: usize,
        out_a: &mut [f64],
        out_b: &mut [f64],
    ) {
        let (va, vb) = (self.row(a), self.row(b));
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: the CPU has AVX2 and FMA; the function is plain Rust compiled for them.
                unsafe { self.dots2_fma(va, vb, from_block, out_a, out_b) };
                return;
            }
        }
        self.kernel2(va, vb, from_block, out_a, out_b, |acc, x, y| acc + x * y);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn dots2_fma(
        &self,
        va: &[f64],
        vb: &[f64],
        from_block: usize,
        out_a: &mut [f64],
        out_b: &mut [f64],
    ) {
        self.kernel2(va, vb, from_block, out_a, out_b, |acc, x, y| {
            x.mul_add(y, acc)
        });
    }

    /// Two rows against two blocks at a time (32 sums in flight).
    #[inline(always)]
    fn kernel2(
        &self,
        va: &[f64],
        vb: &[f64],
        from_block: usize,
        out_a: &mut [f64],
        out_b: &mut [f64],
        step: impl Fn(f64, f64, f64) -> f64,
    ) {
        const GROUP: usize = 2;
        let dim = self.dim;
        let tile_len = dim * LANES;
        let nblocks = self.count.div_ceil(LANES);
        let mut block = from_block;
        while block < nblocks {
            let take = GROUP.min(nblocks - block);
            let mut acc_a = [[0.0f64; LANES]; GROUP];
            let mut acc_b = [[0.0f64; LANES]; GROUP];
            let base = block * tile_len;
            if take == GROUP {
                let t0 = &self.blocks[base..base + tile_len];
                let t1 = &self.blocks[base + tile_len..base + 2 * tile_len];
                for d in 0..dim {
                    let (x, y) = (va[d], vb[d]);
                    let l0 = &t0[d * LANES..d * LANES + LANES];
                    let l1 = &t1[d * LANES..d * LANES + LANES];
                    for k in 0..LANES {
                        acc_a[0][k] = step(acc_a[0][k], x, l0[k]);
                        acc_a[1][k] = step(acc_a[1][k], x, l1[k]);
                        acc_b[0][k] = step(acc_b[0][k], y, l0[k]);
                        acc_b[1][k] = step(acc_b[1][k], y, l1[k]);
                    }
                }
            } else {
                let t0 = &self.blocks[base..base + tile_len];
                for d in 0..dim {
                    let (x, y) = (va[d], vb[d]);
                    let l0 = &t0[d * LANES..d * LANES + LANES];
                    for k in 0..LANES {
                        acc_a[0][k] = step(acc_a[0][k], x, l0[k]);
                        acc_b[0][k] = step(acc_b[0][k], y, l0[k]);
                    }
                }
            }
            for g in 0..take {
                let bl = block + g;
                let at = (bl - from_block) * LANES;
                let n = LANES.min(self.count - bl * LANES);
                out_a[at..at + n].copy_from_slice(&acc_a[g][..n]);
                out_b[at..at + n].copy_from_slice(&acc_b[g][..n]);
            }
            block += take;
        }
    }

    /// `out[j - from_block * LANES]` = v · vector j, for every vector from block `from_block` on.
    fn dots_with(&self, v: &[f64], from_block: usize, out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: the CPU has AVX2 and FMA; the function is plain Rust compiled for them.
                unsafe { self.dots_fma(v, from_block, out) };
                return;
            }
        }
        self.dots_portable(v, from_block, out);
    }

    /// With fused multiply-adds: the same sums, since each product of two f32 values is
    /// exact in f64 (48 significant bits), so rounding it first changes nothing.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn dots_fma(&self, v: &[f64], from_block: usize, out: &mut [f64]) {
        self.kernel(v, from_block, out, |acc, x, y| x.mul_add(y, acc));
    }

    fn dots_portable(&self, v: &[f64], from_block: usize, out: &mut [f64]) {
        self.kernel(v, from_block, out, |acc, x, y| acc + x * y);
    }

    /// Four blocks (32 dot products) at a time, so that the additions of one do not wait
    /// for those of another; each dot product is still summed in component order.
    #[inline(always)]
    fn kernel(
        &self,
        v: &[f64],
        from_block: usize,
        out: &mut [f64],
        step: impl Fn(f64, f64, f64) -> f64,
    ) {
        const GROUP: usize = 4;
        let dim = self.dim;
        let tile_len = dim * LANES;
        let nblocks = self.count.div_ceil(LANES);
        let mut block = from_block;
        while block < nblocks {
            let take = GROUP.min(nblocks - block);
            let mut acc = [[0.0f64; LANES]; GROUP];
            if take == GROUP {
                let base = block * tile_len;
                let tiles: [&[f64]; GROUP] = std::array::from_fn(|g| {
                    &self.blocks[base + g * tile_len..base + (g + 1) * tile_len]
                });
                for (d, &x) in v.iter().enumerate() {
                    for g in 0..GROUP {
                        let lanes = &tiles[g][d * LANES..d * LANES + LANES];
                        for k in 0..LANES {
                            acc[g][k] = step(acc[g][k], x, lanes[k]);
                        }
                    }
                }
            } else {
                for (g, acc_g) in acc.iter_mut().enumerate().take(take) {
                    let tile = &self.blocks[(block + g) * tile_len..(block + g + 1) * tile_len];
                    for (x, lanes) in v.iter().zip(tile.chunks_exact(LANES)) {
                        for k in 0..LANES {
                            acc_g[k] = step(acc_g[k], *x, lanes[k]);
                        }
                    }
                }
            }
            for (g, acc_g) in acc.iter().enumerate().take(take) {
                let b = block + g;
                let at = (b - from_block) * LANES;
                let n = LANES.min(self.count - b * LANES);
                out[at..at + n].copy_from_slice(&acc_g[..n]);
            }
            block += take;
        }
    }
}

/// Vectors to compare many claims against (the filler prototypes).
pub struct Prototypes(Columns);

impl Prototypes {
    pub fn new(vectors: &[Vec<f32>]) -> Prototypes {
        let dim = vectors.first().map_or(0, Vec::len);
        let refs: Vec<&[f32]> = vectors.iter().map(Vec::as_slice).collect();
        Prototypes(Columns::new(&refs, dim))
    }

    /// Whether `dot(v, p) >= threshold` for some prototype p.
    pub fn any_at_least(&self, v: &[f32], threshold: f64) -> bool {
        let cols = &self.0;
        if v.len() != cols.dim || cols.count == 0 {
            return false;
        }
        let x: Vec<f64> = v.iter().map(|&c| f64::from(c)).collect();
        let mut out = vec![0.0; cols.count.div_ceil(LANES) * LANES];
        cols.dots_with(&x, 0, &mut out);
        out[..cols.count].iter().any(|&d| d >= threshold)
    }
}

/// Row starts of the strict upper triangle of an m x m matrix.
fn triangle_offsets(m: usize) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(m + 1);
    let mut at = 0;
    for a in 0..m {
        offsets.push(at);
        at += m - a - 1;
    }
    offsets.push(at);
    offsets
}

/// Every pair's value: the full square (rows contiguous) or, for larger sets, the strict
/// upper triangle.
struct Pairs {
    m: usize,
    square: bool,
    offsets: Vec<usize>,
    values: Vec<f64>,
}

impl Pairs {
    fn new(m: usize) -> Pairs {
        let square = m <= MAX_SQUARE;
        let offsets = if square {
            Vec::new()
        } else {
            triangle_offsets(m)
        };
        let len = if square { m * m } else { offsets[m] };
        Pairs {
            m,
            square,
            offsets,
            values: vec![0.0; len],
        }
    }

    /// Row x's values for y in x+1..m, as disjoint mutable slices.
    fn upper_rows(&mut self) -> Vec<&mut [f64]> {
        let m = self.m;
        if self.square {
            return self
                .values
                .chunks_mut(m.max(1))
                .enumerate()
                .map(|(x, row)| &mut row[x + 1..])
                .collect();
        }
        let mut rows = Vec::with_capacity(m);
        let mut rest: &mut [f64] = &mut self.values;
        for w in self.offsets.windows(2) {
            let (row, tail) = rest.split_at_mut(w[1] - w[0]);
            rows.push(row);
            rest = tail;
        }
        rows
    }

    /// Copies the upper half onto the lower one (square only), in tiles.
    fn mirror(&mut self) {
        if !self.square {
            return;
        }
        const TILE: usize = 64;
        let m = self.m;
        for bx in (0..m).step_by(TILE) {
            for by in (bx..m).step_by(TILE) {
                for x in bx..(bx + TILE).min(m) {
                    for y in by.max(x + 1)..(by + TILE).min(m) {
                        self.values[y * m + x] = self.values[x * m + y];
                    }
                }
            }
        }
    }

    /// The value of slots x and y (x != y).
    #[inline]
    fn get(&self, x: usize, y: usize) -> f64 {
        debug_assert_ne!(x, y);
        if self.square {
            return self.values[x * self.m + y];
        }
        let (x, y) = if x < y { (x, y) } else { (y, x) };
        self.values[self.offsets[x] + (y - x - 1)]
    }

    /// `out[y]` = the value of x and y (`out[x]` left as is).
    fn row_into(&self, x: usize, out: &mut [f64]) {
        if self.square {
            let keep = out[x];
            out.copy_from_slice(&self.values[x * self.m..(x + 1) * self.m]);
            out[x] = keep;
            return;
        }
        for (y, value) in out.iter_mut().enumerate() {
            if y != x {
                *value = self.get(x, y);
            }
        }
    }
}

/// The claims compared pairwise (the substantive ones), their embeddings laid out for
/// dot products, and every pair's value when the set is small enough.
struct Set {
    /// Claim index -> position in the set, or usize::MAX.
    slot: Vec<usize>,
    members: Vec<usize>,
    columns: Option<Columns>,
    /// Embedding dot products before `finish`, similarities after.
    pairs: Option<Pairs>,
}

impl Set {
    /// The stored value of slots x and y (x != y).
    #[inline]
    fn stored(&self, x: usize, y: usize) -> Option<f64> {
        self.pairs.as_ref().map(|p| p.get(x, y))
    }
}

pub struct Meaning {
    pub semantic: bool,
    /// Similarity at or above which two claims say the same thing.
    pub match_threshold: f64,
    /// Unit vectors of the claims (semantic only).
    vectors: Option<Vec<Vec<f32>>>,
    blend: f64,
    set: Option<Set>,
    finished: bool,
}

/// Embeds every claim with the installed sentence model, if there is one (the fallback's `claimMeaning`).
pub fn claim_meaning(claims: &[Claim]) -> Meaning {
    Meaning::new(claims)
}

impl Meaning {
    /// Embeds every claim with the installed sentence model, if there is one.
    pub fn new(claims: &[Claim]) -> Meaning {
        let texts: Vec<String> = claims.iter().map(|c| plain_text(c.text)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let t = &params().thresholds;
        let vectors = embed_cached(&refs);
        Meaning {
            semantic: vectors.is_some(),
            match_threshold: if vectors.is_some() {
                t.claim_match
            } else {
                t.claim_match_lexical
            },
            blend: if vectors.is_some() {
                t.lexical_blend
            } else {
                0.0
            },
            vectors,
            set: None,
            finished: false,
        }
    }

    /// Unit vector of claim a, when semantic.
    pub fn vector(&self, a: usize) -> Option<&[f32]> {
        self.vectors.as_ref().map(|v| v[a].as_slice())
    }

    /// Lays out the claims of `set` (claim indices, ascending) for pairwise work, and when
    /// the set is small enough computes every pair's embedding dot product once.
    pub fn prepare(&mut self, claim_count: usize, set: &[usize]) {
        let m = set.len();
        let mut slot = vec![usize::MAX; claim_count];
        for (k, &c) in set.iter().enumerate() {
            slot[c] = k;
        }
        let columns = self.vectors.as_ref().and_then(|vectors| {
            let dim = set.first().map_or(0, |&c| vectors[c].len());
            if set.iter().any(|&c| vectors[c].len() != dim) {
                return None;
            }
            let rows: Vec<&[f32]> = set.iter().map(|&c| vectors[c].as_slice()).collect();
            Some(Columns::new(&rows, dim))
        });
        let pairs = (m <= MAX_STORED).then(|| {
            let mut pairs = Pairs::new(m);
            if let Some(cols) = &columns {
                let mut rows = pairs.upper_rows();
                rows.par_chunks_mut(2).enumerate().for_each_init(
                    || (Vec::new(), Vec::new()),
                    |(buf_a, buf_b), (p, chunk)| {
                        let a = 2 * p;
                        let from = (a + 1) / LANES;
                        let len = (cols.count.div_ceil(LANES) - from) * LANES;
                        buf_a.resize(len, 0.0);
                        buf_b.resize(len, 0.0);
                        if chunk.len() == 2 {
                            cols.dots2_from(a, a + 1, from, buf_a, buf_b);
                        } else {
                            cols.dots_from(a, from, buf_a);
                        }
                        for (r, row) in chunk.iter_mut().enumerate() {
                            let buf = if r == 0 { &*buf_a } else { &*buf_b };
                            let skip = a + r + 1 - from * LANES;
                            row.copy_from_slice(&buf[skip..skip + row.len()]);
                        }
                    },
                );
                pairs.mirror();
            }
            pairs
        });
        self.set = Some(Set {
            slot,
            members: set.to_vec(),
            columns,
            pairs,
        });
        self.finished = false;
    }

    fn slot(&self, c: usize) -> Option<usize> {
        let set = self.set.as_ref()?;
        set.slot.get(c).copied().filter(|&s| s != usize::MAX)
    }

    /// The claims laid out by `prepare`, in order.
    pub fn members(&self) -> &[usize] {
        self.set.as_ref().map_or(&[], |s| &s.members)
    }

    /// Position of claim c among `members()`.
    pub fn position(&self, c: usize) -> Option<usize> {
        self.slot(c)
    }

    /// `out[k]` = the embedding dot product of claim a (one of `members()`) with member k.
    pub fn embedding_row(&self, a: usize, out: &mut Vec<f64>) {
        let Some(set) = &self.set else { return };
        let Some(x) = self.slot(a) else { return };
        let m = set.members.len();
        out.clear();
        out.resize(m, 0.0);
        match (&set.pairs, &set.columns) {
            (Some(pairs), _) if !self.finished => pairs.row_into(x, out),
            (_, Some(cols)) => {
                out.resize(m.div_ceil(LANES) * LANES, 0.0);
                cols.dots_from(x, 0, out);
                out.truncate(m);
            }
            _ => {
                if let Some(vectors) = &self.vectors {
                    for (y, value) in out.iter_mut().enumerate() {
                        *value = dot(&vectors[a], &vectors[set.members[y]]);
                    }
                }
            }
        }
        out[x] = 0.0;
        if let Some(vectors) = &self.vectors {
            out[x] = dot(&vectors[a], &vectors[a]);
        }
    }

    /// Turns the stored dot products into similarities, with the claims' final vectors.
    pub fn finish(&mut self, claims: &[Claim]) {
        let semantic = self.semantic;
        let blend = self.blend;
        let features = claims
            .iter()
            .flat_map(|c| c.vector.ids.iter())
            .max()
            .map_or(0, |&f| f as usize + 1);
        if let Some(set) = &mut self.set {
            if let Some(pairs) = &mut set.pairs {
                let members = &set.members;
                pairs
                    .upper_rows()
                    .into_par_iter()
                    .enumerate()
                    .for_each_init(
                        || SparseRow::new(features),
                        |dense, (x, row)| {
                            dense.load(&claims[members[x]].vector);
                            for (o, value) in row.iter_mut().enumerate() {
                                let lexical = dense.cosine(&claims[members[x + 1 + o]].vector);
                                *value = if semantic {
                                    (1.0 - blend) * *value + blend * lexical
                                } else {
                                    lexical
                                };
                            }
                        },
                    );
                pairs.mirror();
            }
        }
        self.finished = true;
    }

    /// How alike claims a and b are (the fallback's `meaning.similarity(a, b)`).
    pub fn similarity(&self, claims: &[Claim], a: usize, b: usize) -> f64 {
        if self.finished {
            if let (Some(set), Some(x), Some(y)) = (&self.set, self.slot(a), self.slot(b)) {
                if x != y {
                    if let Some(v) = set.stored(x, y) {
                        return v;
                    }
                }
            }
        }
        let lexical = sparse_cosine(&claims[a].vector, &claims[b].vector);
        match &self.vectors {
            Some(v) => (1.0 - self.blend) * dot(&v[a], &v[b]) + self.blend * lexical,
            None => lexical,
        }
    }

    /// `out[k]` = similarity of claim a (one of `members()`) with member k (after `finish`).
    pub fn similarity_row(&self, claims: &[Claim], a: usize, out: &mut Vec<f64>) {
        let Some(set) = &self.set else { return };
        let Some(x) = self.slot(a) else { return };
        let m = set.members.len();
        if let (Some(pairs), true) = (&set.pairs, self.finished) {
            out.clear();
            out.resize(m, 0.0);
            pairs.row_into(x, out);
            out[x] = self.similarity(claims, a, a);
            return;
        }
        let semantic = self.vectors.is_some();
        if semantic {
            self.embedding_row(a, out);
        } else {
            out.clear();
            out.resize(m, 0.0);
        }
        for (y, value) in out.iter_mut().enumerate() {
            let lexical = sparse_cosine(&claims[a].vector, &claims[set.members[y]].vector);
            *value = if semantic {
                (1.0 - self.blend) * *value + self.blend * lexical
            } else {
                lexical
            };
        }
    }

    /// Whether every pair's similarity is at hand (no row needs computing).
    pub fn is_stored(&self) -> bool {
        self.set.as_ref().is_some_and(|s| s.pairs.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_and_collapses_spaces() {
        assert_eq!(
            plain_text("  **Use** `pg_dump` >  nightly\u{a0}| x  "),
            "Use pg dump nightly x"
        );
        assert_eq!(plain_text("a\u{85}b"), "a\u{85}b");
    }

    #[test]
    fn side_by_side_dots_equal_the_sequential_ones() {
        let dim = 37;
        let m = 21;
        let vectors: Vec<Vec<f32>> = (0..m)
            .map(|j| {
                (0..dim)
                    .map(|d| (((j * dim + d) * 7919) % 1000) as f32 / 997.0 - 0.5)
                    .collect()
            })
            .collect();
        let refs: Vec<&[f32]> = vectors.iter().map(Vec::as_slice).collect();
        let cols = Columns::new(&refs, dim);
        for a in 0..m {
            let mut out = vec![0.0; m.div_ceil(LANES) * LANES];
            cols.dots_from(a, 0, &mut out);
            let mut portable = vec![0.0; out.len()];
            cols.dots_portable(cols.row(a), 0, &mut portable);
            assert_eq!(portable, out);
            let mut out2 = (vec![0.0; out.len()], vec![0.0; out.len()]);
            cols.dots2_from(a, (a + 5) % m, 0, &mut out2.0, &mut out2.1);
            for b in 0..m {
                assert_eq!(out[b].to_bits(), dot(&vectors[a], &vectors[b]).to_bits());
                assert_eq!(out2.0[b].to_bits(), out[b].to_bits());
                assert_eq!(
                    out2.1[b].to_bits(),
                    dot(&vectors[(a + 5) % m], &vectors[b]).to_bits()
                );
            }
        }
    }

    #[test]
    fn a_spread_sparse_row_sums_like_the_merge() {
        let a = SparseVector {
            ids: vec![1, 4, 9],
            weights: vec![0.3, 0.5, f64::NAN],
            norm: 1.0,
        };
        let b = SparseVector {
            ids: vec![0, 4, 7],
            weights: vec![f64::NAN, 0.25, 0.5],
            norm: 1.0,
        };
        let mut row = SparseRow::new(10);
        row.load(&a);
        assert_eq!(row.cosine(&b), sparse_cosine(&a, &b));
        assert_eq!(row.cosine(&b), 0.125);
    }
}
