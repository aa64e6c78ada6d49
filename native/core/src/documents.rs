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
use rustc_hash::FxHashMap;

pub struct Corpus {
    pub docs: Vec<AnalyzedText>,
    pub idf: Vec<f64>,
    pub vectors: Vec<SparseVector>,
    pub feature_count: usize,
}

pub fn build_corpus(texts: &[&str]) -> Corpus {
    let (lexicons, mut docs): (Vec<Lexicon>, Vec<AnalyzedText>) =
        texts.par_iter().map(|text| analyze_text(text)).unzip();

    // One id space for the panel: terms numbered in the order the texts first use them.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut filler_term: Vec<bool> = Vec::new();
    for (lex, doc) in lexicons.iter().zip(&mut docs) {
        let map: Vec<u32> = (0..lex.len())
            .map(|t| {
                *ids.entry(lex.term(t)).or_insert_with(|| {
                    filler_term.push(lex.filler_term[t]);
                    (filler_term.len() - 1) as u32
                })
            })
            .collect();
        for f in &mut doc.features {
            *f = map[(*f >> 1) as usize] * 2 + (*f & 1);
        }
    }
    let feature_count = filler_term.len() * 2;

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
        if filler_term[f >> 1] {
            *value *= FILLER_TERM_WEIGHT;
        }
    }
    let vectors = counts.par_iter().map(|c| weigh(c, &idf)).collect();
    Corpus {
        docs,
        idf,
        vectors,
        feature_count,
    }
}
