//! One call's view of the panel's texts: every answer run through the pipeline
//! (in parallel, each with its own lexicon, then merged in input order so term
//! ids come out in the same first-seen order as the sequential TypeScript
//! fallback), and TF-IDF vectors fitted on the panel. Filler units are left out
//! of the vectors and filler words inside claims weigh less.
//! The panel's lexicon stays open: later steps run the pipeline over pieces of the
//! answers (clauses, bottom lines) with the same ids, as the fallback does with
//! `corpus.lex` (docs/consensus.md). Mirrored in server/core/fallback/documents.ts.

use crate::params::params;
use crate::pipeline::{analyze_text, AnalyzedText, Lexicon};
use crate::vectors::{count_terms, inverse_document_frequency, weigh, SparseVector};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub struct Corpus {
    pub docs: Vec<AnalyzedText>,
    pub idf: Vec<f64>,
    pub vectors: Vec<SparseVector>,
    pub feature_count: usize,
    pub lex: PanelLexicon,
}

/// Term ids shared by every text of one call, in first-seen order (the fallback's `Lexicon`).
#[derive(Default)]
pub struct PanelLexicon {
    ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    /// Per term: made only of boilerplate words.
    pub filler_term: Vec<bool>,
}

impl PanelLexicon {
    fn intern(&mut self, term: &str, filler: bool) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.filler_term.len() as u32;
        self.filler_term.push(filler);
        self.terms.push(term.into());
        self.ids.insert(term.into(), id);
        id
    }

    /// A feature as the pipeline's tokens show it: the stem, `!stem` when negated.
    pub fn feature_text(&self, feature: u32) -> String {
        let term = self.terms.get((feature >> 1) as usize).map_or("", |t| t);
        if feature & 1 == 1 {
            format!("!{term}")
        } else {
            term.to_string()
        }
    }

    /// Re-numbers the features of `doc` (ids of `lex`) into panel ids.
    fn adopt(&mut self, lex: &Lexicon, doc: &mut AnalyzedText) {
        let map: Vec<u32> = (0..lex.len())
            .map(|t| self.intern(lex.term(t), lex.filler_term[t]))
            .collect();
        for f in &mut doc.features {
            *f = map[(*f >> 1) as usize] * 2 + (*f & 1);
        }
    }

    /// The pipeline over `text` with panel ids (new terms get new ids): `analyzeText(text, corpus.lex)`.
    pub fn analyze(&mut self, text: &str) -> AnalyzedText {
        let (lex, mut doc) = analyze_text(text);
        self.adopt(&lex, &mut doc);
        doc
    }

    /// Whether feature f's term is boilerplate (`lex.fillerTerm[f >> 1] === true`).
    pub fn is_filler_feature(&self, feature: u32) -> bool {
        self.filler_term
            .get((feature >> 1) as usize)
            .copied()
            .unwrap_or(false)
    }
}

pub fn build_corpus(texts: &[&str]) -> Corpus {
    let (lexicons, mut docs): (Vec<Lexicon>, Vec<AnalyzedText>) =
        texts.par_iter().map(|text| analyze_text(text)).unzip();

    // One id space for the panel: terms numbered in the order the texts first use them.
    let mut panel = PanelLexicon::default();
    for (lex, doc) in lexicons.iter().zip(&mut docs) {
        panel.adopt(lex, doc);
    }
    let feature_count = panel.filler_term.len() * 2;

    let counts: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            let mut features = Vec::with_capacity(doc.features.len());
            for unit in doc.units.iter().filter(|u| !u.filler) {
                features.extend_from_slice(&doc.features[unit.features.clone()]);
            }
            count_terms(&features)
        })
        .collect();
    let mut idf = inverse_document_frequency(&counts, feature_count);
    let filler_weight = params().thresholds.filler_term_weight;
    for (f, value) in idf.iter_mut().enumerate() {
        if panel.filler_term[f >> 1] {
            *value *= filler_weight;
        }
    }
    let vectors = counts.par_iter().map(|c| weigh(c, &idf)).collect();
    Corpus {
        docs,
        idf,
        vectors,
        feature_count,
        lex: panel,
    }
}
