//! The engine's constants and word lists, read from native/core/data/consensus.json,
//! the one copy server/core/fallback/params.ts imports too (docs/consensus.md). The
//! file is embedded at build time and parsed once, on first use.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/consensus.json");

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    pub claim_match: f64,
    pub claim_match_lexical: f64,
    pub insight_novelty: f64,
    pub filler_prototype: f64,
    pub quantity_tolerance: f64,
    pub approximate_tolerance: f64,
    pub confidence_threshold: f64,
    pub off_topic_gap: f64,
    pub position_gap: f64,
    pub lexical_blend: f64,
    pub boilerplate: f64,
    pub boilerplate_share: f64,
    pub join_floor: f64,
    /// Weight factor of filler words inside a real claim ("I'd recommend X": X carries it).
    pub filler_term_weight: f64,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_claims_per_expert: usize,
    pub bottom_line_window: usize,
    pub short_answer_words: usize,
    pub answer_span_words: usize,
    pub min_claim_words: usize,
    pub max_recommendations: usize,
    pub max_insights_per_expert: usize,
    pub max_evidence_per_supporter: usize,
    pub min_topical_claims: usize,
    pub heading_words: usize,
    pub spelled_answer_words: usize,
    pub boilerplate_min_experts: usize,
    pub prescription_window: usize,
}

/// The grounding's tolerance and limits (docs/consensus.md, "Grounding the analyst's map").
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Grounding {
    /// Word edits allowed per quote word (k = floor(m x tolerance)).
    pub tolerance: f64,
    pub max_answers: usize,
    pub max_claims: usize,
    pub max_attributions_per_claim: usize,
    /// Per quote, in UTF-16 code units.
    pub max_quote_chars: usize,
    /// Claims and bottom lines are cut here (UTF-16 code units).
    pub max_text_chars: usize,
    pub max_dropped_listed: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    grounding: Grounding,
    thresholds: Thresholds,
    limits: Limits,
    conclusion_markers: Vec<String>,
    lead_ins: Vec<String>,
    choice_leads: Vec<String>,
    hedges: Vec<String>,
    yes_words: Vec<String>,
    no_words: Vec<String>,
    condition_cues: Vec<String>,
    alternative_frames: Vec<String>,
    filler_prototypes: Vec<String>,
    number_words: FxHashMap<String, f64>,
    scale_words: FxHashMap<String, f64>,
    fraction_words: FxHashMap<String, f64>,
    multiplier_suffixes: FxHashMap<String, f64>,
    month_names: Vec<String>,
    currencies: FxHashMap<String, String>,
    units: FxHashMap<String, (String, f64)>,
    per_words: Vec<String>,
    intro_words: Vec<String>,
    entity_connectors: Vec<String>,
}

/// Everything in consensus.json, in the shapes params.ts gives it.
pub struct Params {
    pub grounding: Grounding,
    pub thresholds: Thresholds,
    pub limits: Limits,
    /// Longest first, so "the short answer" is tried before "answer".
    pub conclusion_markers: Vec<String>,
    pub lead_ins: Vec<String>,
    /// Words that open a heading stating a choice ("## Use channels 1, 6 and 11").
    pub choice_leads: Vec<String>,
    pub hedges: FxHashSet<String>,
    pub yes_words: FxHashSet<String>,
    pub no_words: FxHashSet<String>,
    pub condition_cues: Vec<String>,
    pub alternative_frames: FxHashSet<String>,
    pub filler_prototypes: Vec<String>,
    pub number_words: FxHashMap<String, f64>,
    pub scale_words: FxHashMap<String, f64>,
    pub fraction_words: FxHashMap<String, f64>,
    pub multiplier_suffixes: FxHashMap<String, f64>,
    pub month_names: FxHashSet<String>,
    pub currencies: FxHashMap<String, String>,
    /// Unit name -> (dimension, factor to the dimension's base unit).
    pub units: FxHashMap<String, (String, f64)>,
    pub per_words: FxHashSet<String>,
    /// Words that open an introductory phrase before a comma ("For a laptop at this price, ...").
    pub intro_words: FxHashSet<String>,
    pub entity_connectors: FxHashSet<String>,
}

/// params.ts `byLength`: longest first (in UTF-16 code units), then in code unit order.
pub fn by_length(words: &[String]) -> Vec<String> {
    let mut out = words.to_vec();
    out.sort_by(|a, b| {
        crate::js::utf16_len(b)
            .cmp(&crate::js::utf16_len(a))
            .then_with(|| crate::js::utf16_cmp(a, b))
    });
    out
}

fn set(words: Vec<String>) -> FxHashSet<String> {
    words.into_iter().collect()
}

fn parse() -> Params {
    let raw: Raw = serde_json::from_str(DATA).expect("native/core/data/consensus.json is valid");
    Params {
        grounding: raw.grounding,
        thresholds: raw.thresholds,
        limits: raw.limits,
        conclusion_markers: by_length(&raw.conclusion_markers),
        lead_ins: by_length(&raw.lead_ins),
        choice_leads: by_length(&raw.choice_leads),
        hedges: set(raw.hedges),
        yes_words: set(raw.yes_words),
        no_words: set(raw.no_words),
        condition_cues: by_length(&raw.condition_cues),
        alternative_frames: set(raw.alternative_frames),
        filler_prototypes: raw.filler_prototypes,
        number_words: raw.number_words,
        scale_words: raw.scale_words,
        fraction_words: raw.fraction_words,
        multiplier_suffixes: raw.multiplier_suffixes,
        month_names: set(raw.month_names),
        currencies: raw.currencies,
        units: raw.units,
        per_words: set(raw.per_words),
        intro_words: set(raw.intro_words),
        entity_connectors: set(raw.entity_connectors),
    }
}

static PARAMS: LazyLock<Params> = LazyLock::new(parse);

/// The parsed consensus.json (parsed on first use).
pub fn params() -> &'static Params {
    &PARAMS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses() {
        let p = params();
        assert!(p.thresholds.claim_match > 0.0);
        assert_eq!(p.units["km/h"].0, "length/time");
    }

    #[test]
    fn markers_are_longest_first_then_in_code_unit_order() {
        let words: Vec<String> = ["answer", "the answer", "b", "a", "Ab", "aB"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            by_length(&words),
            ["the answer", "answer", "Ab", "aB", "a", "b"]
        );
        assert_eq!(params().conclusion_markers[0], "my recommendation");
    }
}
