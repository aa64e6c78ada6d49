//! One call's view of the panel's texts: every answer run through the pipeline
//! (in parallel, each with its own lexicon, then merged in input order so term
//! ids come out in the same first-seen order as the sequential TypeScript
//! fallback), and TF-IDF vectors fitted on the panel. Filler units are left out
//! of the vectors and filler words inside claims weigh less.
//! Mirrored in server/core/fallback/documents.ts.

use crate::limits::FILLER_TERM_WEIGHT;
use crate::pipeline::{analyze_text, AnalyzedText, Lexicon};
use crate::vectors::{count_terms, inverse_document_frequency, weigh, SparseVector};
use rayon::prelude::*;

pub struct Corpus {
    pub docs: Vec<AnalyzedText>,
    pub idf: Vec<f64>,
    pub vectors: Vec<SparseVector>,
    pub feature_count: usize,
}

pub fn build_corpus(texts: &[&str]) -> Corpus {
    let analyzed: Vec<(Lexicon, AnalyzedText)> = texts
        .par_iter()
        .map(|text| analyze_text(text))
        .collect();

    let mut global = Lexicon::new();
    let mut docs = Vec::with_capacity(analyzed.len());
    for (lex, mut doc) in analyzed {
        let map: Vec<u32> = lex.terms.iter().map(|t| global.intern(t)).collect();
        for f in &mut doc.features {
            *f = map[(*f >> 1) as usize] * 2 + (*f & 1);
        }
        docs.push(doc);
    }
    let feature_count = global.terms.len() * 2;

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
    for (f, value) in idf.iter_mut().enumerate() {
        if global.filler_term[f >> 1] {
            *value *= FILLER_TERM_WEIGHT;
        }
    }
    let vectors = counts.par_iter().map(|c| weigh(c, &idf)).collect();
    Corpus { docs, idf, vectors, feature_count }
}
