//! Word lists of the text pipeline, read from native/core/data/words.json (embedded at
//! build time, parsed once), the one copy server/core/fallback/stopwords.ts imports too
//! (docs/consensus.md, "Text pipeline"; the parity test compares `tokenize` on both
//! backends).

use serde::Deserialize;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/words.json");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Words {
    /// The Snowball English stop list, plus modal verbs that carry no claim.
    pub stop_words: Vec<String>,
    /// Negation cues: the terms after an odd number of them in a clause become `!term`.
    /// Any word ending in n't is a cue too. The cues are not terms.
    pub negation_cues: Vec<String>,
    /// Words that end a clause, and so the reach of a negation. Not terms themselves.
    pub clause_break_words: Vec<String>,
    /// Words of boilerplate and of the frame of a recommendation; a unit made only of
    /// these (after stemming) is filler, and inside a real claim they weigh little.
    pub filler_words: Vec<String>,
    /// Words before a period that does not end a sentence.
    pub abbreviations: Vec<String>,
    /// The same, only when a digit follows ("No. 4").
    pub number_abbreviations: Vec<String>,
}

static WORDS: LazyLock<Words> =
    LazyLock::new(|| serde_json::from_str(DATA).expect("native/core/data/words.json is valid"));

/// The parsed words.json.
pub fn words() -> &'static Words {
    &WORDS
}
