//! Step 5 of docs/consensus.md, "Camps": who concludes the same.
//!
//!  a. Bottom lines relate two answers where they can: the same quantity, yes/no or key
//!     terms agree; different quantities or yes/no disagree; so do two short bottom
//!     lines that name different things, or with nothing in common when one names what
//!     the other answer discussed and did not conclude.
//!  b. Answers that agree form seeds (never across a disagreement).
//!  c. Groups that are each other's nearest in meaning (their bottom lines' embeddings;
//!     without the model, the claims they share) join, unless they are two positions
//!     each agreed within and only weakly linked; a lone answer joins its nearest.
//!     An answer that shares almost nothing with the panel (it answered another
//!     question) stands alone.
//!
//! Twin of server/core/fallback/camps.ts.

use crate::bottom_line::BottomLine;
use crate::groups::ClaimGroup;
use crate::js;
use crate::params::params;
use crate::quantities::same_quantity;
use rustc_hash::FxHashSet;

pub const AGREE: i32 = 1;
pub const DISAGREE: i32 = 0;
/// Two short bottom lines with different key terms, one naming what the other answer discussed: weak evidence of disagreement.
pub const CONTESTED: i32 = 2;
pub const UNKNOWN: i32 = -1;
/// The most a contested pair counts as agreeing (the heat map, the choice between positions).
const CONTESTED_SCORE: f64 = 0.25;

/// One key of a bottom line: a named entity, or a content term with its folded word.
struct Key<'l> {
    entity: Option<&'l str>,
    /// Term id (the lexical feature without its negation bit); None for an entity.
    term: Option<u32>,
    word: &'l str,
    negated: bool,
}

fn keys_of(line: &BottomLine) -> Vec<Key<'_>> {
    let mut keys: Vec<Key> = line
        .entities
        .iter()
        .enumerate()
        .map(|(k, e)| Key {
            entity: Some(e),
            term: None,
            word: e,
            negated: line.negated_entities.get(k).copied().unwrap_or(false),
        })
        .collect();
    keys.extend(line.terms.iter().zip(&line.term_words).map(|(&f, w)| Key {
        entity: None,
        term: Some(f >> 1),
        word: w,
        negated: f & 1 == 1,
    }));
    keys
}

/// Named things and numbers: a disagreement on them is a real one ("Volga" vs "Danube", "RAID 5" vs "RAID 10").
fn is_named(k: &Key) -> bool {
    k.entity.is_some() || k.word.chars().any(js::is_number)
}

/// An entity matches another when one's words all appear in the other in order ("marie curie", "marie sklodowska curie").
fn entity_matches(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if js::utf16_len(a) <= js::utf16_len(b) {
        (a, b)
    } else {
        (b, a)
    };
    let short: Vec<&str> = short.split(' ').collect();
    let mut k = 0;
    for w in long.split(' ') {
        if k < short.len() && w == short[k] {
            k += 1;
        }
    }
    k == short.len()
}

/// The same thing named, whether asserted or negated.
fn same_key(a: &Key, b: &Key) -> bool {
    match (a.entity, b.entity) {
        (Some(x), Some(y)) => entity_matches(x, y),
        (None, None) => a.term == b.term,
        _ => a.word == b.word,
    }
}

fn key_matches(a: &Key, b: &Key) -> bool {
    a.negated == b.negated && same_key(a, b)
}

pub struct CampInput<'a> {
    pub lines: &'a [BottomLine],
    pub groups: &'a [ClaimGroup],
    /// Per expert, how much of its answer the others also say (0..1), or None when it has too few claims to tell.
    pub topicality: &'a [Option<f64>],
    /// Per expert, the lexical features of its answer outside the bottom line.
    pub body_features: &'a [FxHashSet<u32>],
    /// Per expert, its text folded (lower case, no accents), to find entities in it.
    pub folded_texts: &'a [String],
    /// Cosine of two experts' bottom-line spans, or None without the model.
    pub span_similarity: Option<&'a dyn Fn(usize, usize) -> f64>,
}

pub struct Camps {
    pub camps: Vec<Vec<usize>>,
    pub agreement: Vec<Vec<f64>>,
    pub relation: Vec<Vec<i32>>,
}

/// Whether most answers give a quantity as their answer: then quantities decide.
pub fn is_numeric_panel(lines: &[BottomLine]) -> bool {
    let numeric = lines
        .iter()
        .filter(|l| l.numeric && l.quantity.is_some())
        .count();
    numeric >= 2 && numeric * 2 >= lines.len()
}

/// Cosine of the experts' memberships in claim groups, each group weighted by how few experts share it.
pub fn co_support(groups: &[ClaimGroup], expert_count: usize) -> Vec<Vec<f64>> {
    let n = expert_count;
    let mut m = vec![vec![0.0f64; n]; n];
    for g in groups {
        let k = g.experts.len();
        if k < 2 || k >= n {
            continue;
        }
        let w = js::ln(n as f64 / k as f64);
        for &a in &g.experts {
            for &b in &g.experts {
                m[a][b] += w;
            }
        }
    }
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        return 1.0;
                    }
                    let d = (m[i][i] * m[j][j]).sqrt();
                    if d > 0.0 {
                        m[i][j] / d
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect()
}

struct Relations<'a> {
    input: &'a CampInput<'a>,
    keys: Vec<Vec<Key<'a>>>,
    /// Per expert and key: how distinctive the key is among the bottom lines (0 when every line has it).
    weights: Vec<Vec<f64>>,
    numeric: bool,
}

impl<'a> Relations<'a> {
    fn new(input: &'a CampInput<'a>) -> Relations<'a> {
        let keys: Vec<Vec<Key<'a>>> = input.lines.iter().map(keys_of).collect();
        let n = input.lines.len() as f64;
        let weights = keys
            .iter()
            .map(|ks| {
                ks.iter()
                    .map(|k| {
                        let df = keys
                            .iter()
                            .filter(|other| other.iter().any(|o| key_matches(k, o)))
                            .count();
                        js::ln((1.0 + n) / (1.0 + df as f64))
                    })
                    .collect()
            })
            .collect();
        Relations {
            input,
            keys,
            weights,
            numeric: is_numeric_panel(input.lines),
        }
    }

    /// Whether answer `reader` discusses key k of another answer outside its own bottom line,
    /// without stating it in its bottom line.
    fn mentions(&self, reader: usize, k: &Key) -> bool {
        let line = &self.input.lines[reader];
        match (k.entity, k.term) {
            (Some(e), _) => {
                !line.line_text.contains(e) && self.input.folded_texts[reader].contains(e)
            }
            (None, Some(t)) => {
                !line.line_terms.contains(&(t * 2))
                    && self.input.body_features[reader].contains(&(t * 2))
            }
            (None, None) => false,
        }
    }

    /// The same quantity or the same yes/no: an answer to the same question, whatever else it says.
    fn same_answer(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.input.lines[i], &self.input.lines[j]);
        if a.polarity != 0 && a.polarity == b.polarity {
            return true;
        }
        match (&a.quantity, &b.quantity) {
            (Some(x), Some(y)) => self.numeric && same_quantity(x, y) == Some(true),
            _ => false,
        }
    }

    fn relation(&self, i: usize, j: usize) -> i32 {
        let (a, b) = (&self.input.lines[i], &self.input.lines[j]);
        if a.polarity != 0 && b.polarity != 0 {
            return if a.polarity == b.polarity {
                AGREE
            } else {
                DISAGREE
            };
        }
        if self.numeric {
            if let (Some(x), Some(y)) = (&a.quantity, &b.quantity) {
                if let Some(same) = same_quantity(x, y) {
                    return if same { AGREE } else { DISAGREE };
                }
            }
        }
        let (ka, kb) = (&self.keys[i], &self.keys[j]);
        if ka.is_empty() || kb.is_empty() {
            return UNKNOWN;
        }
        // "Use Redis" against "Do not use Redis".
        if ka
            .iter()
            .any(|k| kb.iter().any(|o| k.negated != o.negated && same_key(k, o)))
        {
            return DISAGREE;
        }
        let (wa, wb) = (&self.weights[i], &self.weights[j]);
        let (mut total_a, mut shared_a) = (0.0, 0.0);
        for (x, k) in ka.iter().enumerate() {
            total_a += wa[x];
            if kb.iter().any(|o| key_matches(k, o)) {
                shared_a += wa[x];
            }
        }
        let (mut total_b, mut shared_b) = (0.0, 0.0);
        for (x, k) in kb.iter().enumerate() {
            total_b += wb[x];
            if ka.iter().any(|o| key_matches(k, o)) {
                shared_b += wb[x];
            }
        }
        let shared = js::max(shared_a, shared_b);
        let least = js::min(total_a, total_b);
        if least > 0.0 && shared / least >= 0.5 {
            return AGREE;
        }
        // The same keys on both sides, however common in the panel ("O(n)" and "O(n)").
        if ka.iter().all(|k| kb.iter().any(|o| key_matches(k, o)))
            && kb.iter().all(|k| ka.iter().any(|o| key_matches(k, o)))
        {
            return AGREE;
        }
        if ka
            .iter()
            .enumerate()
            .any(|(x, k)| k.entity.is_some() && wa[x] > 0.0 && kb.iter().any(|o| key_matches(k, o)))
        {
            return AGREE;
        }
        let span_words = params().limits.answer_span_words;
        if shared > 0.0 || a.words > span_words || b.words > span_words {
            return UNKNOWN;
        }
        // Two short conclusions that name different things ("Kafka" and "SQLite", "Volga" and "Danube").
        let named = |keys: &[Key], weights: &[f64]| {
            keys.iter()
                .enumerate()
                .any(|(x, k)| is_named(k) && weights[x] > 0.0)
        };
        if named(ka, wa) && named(kb, wb) {
            return DISAGREE;
        }
        let named_a = self.contest(ka, wa, j);
        let named_b = self.contest(kb, wb, i);
        if named_a == Some(true) || named_b == Some(true) {
            return DISAGREE;
        }
        // Parallel conclusions fill the same frame differently ("sodium carbonate" / "sodium
        // bicarbonate", "dry brine" / "wet brine"): contested. Unrelated wordings of one
        // conclusion ("hit the floor together", "land at the same time") are not.
        let parallel = ka.iter().any(|k| kb.iter().any(|o| key_matches(k, o)));
        if parallel {
            CONTESTED
        } else {
            UNKNOWN
        }
    }

    /// Whether answer `reader` discusses most of these keys (by weight) outside its bottom
    /// line: None if not; Some(true) when a named key (entity, number) is among them.
    fn contest(&self, keys: &[Key], weights: &[f64], reader: usize) -> Option<bool> {
        let (mut total, mut mentioned) = (0.0, 0.0);
        let mut named = false;
        for (x, k) in keys.iter().enumerate() {
            let w = weights[x];
            total += w;
            if w > 0.0 && self.mentions(reader, k) {
                mentioned += w;
                if is_named(k) {
                    named = true;
                }
            }
        }
        (total > 0.0 && mentioned / total >= 0.5).then_some(named)
    }
}

/// The fallback's camp arrays: slots that keep their identity, emptied when merged away.
struct Slots {
    camps: Vec<Vec<usize>>,
    camp_of: Vec<usize>,
}

impl Slots {
    fn join(&mut self, target: usize, source: usize) {
        let (t, s) = (self.camp_of[target], self.camp_of[source]);
        if t == s {
            return;
        }
        let moved = std::mem::take(&mut self.camps[s]);
        for &m in &moved {
            self.camp_of[m] = t;
        }
        self.camps[t].extend(moved);
        self.camps[t].sort_unstable();
    }
}

// Index loops as in the fallback, over the n x n relation.
#[allow(clippy::needless_range_loop)]
pub fn form_camps(input: &CampInput) -> Camps {
    let n = input.lines.len();
    let t = &params().thresholds;
    let rel = Relations::new(input);
    let mut shares_claim = vec![false; n * n];
    for g in input.groups {
        for &a in &g.experts {
            for &b in &g.experts {
                shares_claim[a * n + b] = true;
            }
        }
    }
    let shared = co_support(input.groups, n);
    let mut relation = vec![vec![UNKNOWN; n]; n];
    for (i, row) in relation.iter_mut().enumerate() {
        row[i] = AGREE;
    }
    for i in 0..n {
        for j in i + 1..n {
            let r = rel.relation(i, j);
            relation[i][j] = r;
            relation[j][i] = r;
        }
    }
    // An answer that shares almost nothing with the panel answered another question.
    let mut known: Vec<f64> = input.topicality.iter().flatten().copied().collect();
    known.sort_by(f64::total_cmp);
    let median = if known.is_empty() {
        0.0
    } else {
        known[(known.len() - 1) / 2]
    };
    let off_topic: Vec<bool> = input
        .topicality
        .iter()
        .enumerate()
        .map(|(i, t_i)| {
            n >= 3
                && t_i.is_some_and(|x| x < median - t.off_topic_gap)
                && !(0..n).any(|j| j != i && rel.same_answer(i, j))
        })
        .collect();
    for i in 0..n {
        if !off_topic[i] {
            continue;
        }
        for j in 0..n {
            if i != j {
                relation[i][j] = DISAGREE;
                relation[j][i] = DISAGREE;
            }
        }
    }
    let score: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let r = relation[i][j];
                    if r == AGREE || r == DISAGREE {
                        return f64::from(r);
                    }
                    let s = match input.span_similarity {
                        Some(f)
                            if !input.lines[i].span.is_empty()
                                && !input.lines[j].span.is_empty() =>
                        {
                            f(i, j)
                        }
                        _ => shared[i][j],
                    };
                    let s = js::max(0.0, js::min(1.0, s));
                    if r == CONTESTED {
                        js::min(s, CONTESTED_SCORE)
                    } else {
                        s
                    }
                })
                .collect()
        })
        .collect();
    let pair_score = |i: usize, j: usize| score[i][j];

    // b. seeds: answers that agree, never joined across a disagreement
    let mut slots = Slots {
        camps: (0..n).map(|i| vec![i]).collect(),
        camp_of: (0..n).collect(),
    };
    let related = |x: &[usize], y: &[usize], r: i32| {
        x.iter().any(|&a| y.iter().any(|&b| relation[a][b] == r))
    };
    let blocked = |x: &[usize], y: &[usize]| related(x, y, DISAGREE);
    let contested = |x: &[usize], y: &[usize]| related(x, y, CONTESTED);
    for i in 0..n {
        for j in i + 1..n {
            if relation[i][j] != AGREE {
                continue;
            }
            let (ci, cj) = (slots.camp_of[i], slots.camp_of[j]);
            if ci != cj && !blocked(&slots.camps[ci], &slots.camps[cj]) {
                slots.join(i, j);
            }
        }
    }
    // c. every group links to the group most like it that it does not oppose (nearest neighbour);
    //    a group that contests the only position it could join, when that position holds the
    //    panel's majority, stays apart (the one confidently different answer).
    let mean = |x: &[usize], y: &[usize]| {
        let mut sum = 0.0;
        for &a in x {
            for &b in y {
                sum += pair_score(a, b);
            }
        }
        sum / (x.len() * y.len()) as f64
    };
    let open = |c: &[usize]| !c.is_empty() && !c.iter().any(|&m| off_topic[m]);
    let nearest = |camps: &[Vec<usize>], own: usize| -> Option<usize> {
        let own_c = &camps[own];
        let options: Vec<usize> = (0..camps.len())
            .filter(|&c| c != own && open(&camps[c]) && !blocked(own_c, &camps[c]))
            .collect();
        let mut pool: Vec<usize> = options
            .iter()
            .copied()
            .filter(|&c| !contested(own_c, &camps[c]))
            .collect();
        let majority = options.iter().any(|&c| camps[c].len() * 2 > n);
        if pool.is_empty() && options.len() >= 2 && !majority {
            pool = options;
        }
        let mut best = None;
        let mut best_score = f64::NEG_INFINITY;
        for c in pool {
            let s = mean(own_c, &camps[c]);
            if s > best_score {
                best = Some(c);
                best_score = s;
            }
        }
        best
    };
    let cohesion = |c: &[usize]| {
        if c.len() < 2 {
            return 1.0;
        }
        let mut sum = 0.0;
        let mut k = 0;
        for x in 0..c.len() {
            for y in x + 1..c.len() {
                sum += pair_score(c[x], c[y]);
                k += 1;
            }
        }
        sum / k as f64
    };
    // Two positions stay apart when what links them is much weaker than what holds each together,
    // and at least one of them rests on bottom lines that agree outright (without that, a gap in
    // meaning between groups of differently worded answers is no evidence of two positions).
    let seeded = |c: &[usize]| {
        c.iter()
            .any(|&a| c.iter().any(|&b| a != b && relation[a][b] == AGREE))
    };
    let separate = |x: &[usize], y: &[usize]| {
        x.len() >= 2
            && y.len() >= 2
            && (seeded(x) || seeded(y))
            && mean(x, y) < t.position_gap * js::min(cohesion(x), cohesion(y))
    };
    // Groups that are each other's nearest join; a lone answer joins its nearest; until nothing changes.
    let mut changed = true;
    while changed {
        changed = false;
        let groups: Vec<usize> = (0..slots.camps.len())
            .filter(|&c| open(&slots.camps[c]))
            .collect();
        let mut next: Vec<Option<usize>> = vec![None; slots.camps.len()];
        for &g in &groups {
            next[g] = nearest(&slots.camps, g);
        }
        for &g in &groups {
            let Some(h) = next[g] else { continue };
            if slots.camps[g].is_empty() || slots.camps[h].is_empty() {
                continue;
            }
            let mutual = next[h] == Some(g);
            // Earlier joins of this round may have grown either side: judge the groups as they are now.
            let (xs, ys) = (
                slots.camp_of[slots.camps[g][0]],
                slots.camp_of[slots.camps[h][0]],
            );
            let (x, y) = (&slots.camps[xs], &slots.camps[ys]);
            if xs == ys || blocked(x, y) || !(mutual || x.len() == 1) {
                continue;
            }
            // A lone answer needs some likeness to join: a claim in common or a bottom line alike.
            let alike = x
                .iter()
                .any(|&a| y.iter().any(|&b| shares_claim[a * n + b]));
            if separate(x, y) || (mean(x, y) < t.join_floor && !alike) {
                continue;
            }
            let (target, source) = (y[0], x[0]);
            slots.join(target, source);
            changed = true;
        }
    }
    let mut camps: Vec<Vec<usize>> = slots.camps.into_iter().filter(|c| !c.is_empty()).collect();
    camps.sort_by_key(|c| c[0]);
    let agreement = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| if i == j { 1.0 } else { pair_score(i, j) })
                .collect()
        })
        .collect();
    Camps {
        camps,
        agreement,
        relation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_match_in_order() {
        assert!(entity_matches("marie curie", "marie sklodowska curie"));
        assert!(!entity_matches("curie marie", "marie sklodowska curie"));
        assert!(entity_matches("volga", "volga"));
    }

    #[test]
    fn co_support_weighs_rare_groups() {
        let groups = vec![
            ClaimGroup {
                members: vec![0, 1],
                experts: vec![0, 1],
            },
            ClaimGroup {
                members: vec![2, 3, 4],
                experts: vec![0, 1, 2],
            },
        ];
        let m = co_support(&groups, 3);
        assert_eq!(m[0][1], 1.0);
        assert_eq!(m[0][2], 0.0);
    }
}
