/**
 * One call's view of the panel's texts: every answer run through the pipeline
 * with a shared lexicon, and TF-IDF vectors fitted on the panel. Filler units
 * are left out of the vectors and filler words inside claims weigh less, so
 * boilerplate cannot make answers look alike.
 * Mirrored in native/core/src/documents.rs.
 */
import { THRESHOLDS } from './params';
import { analyzeText, Lexicon, type Unit } from './pipeline';
import { countTerms, inverseDocumentFrequency, weigh, type SparseVector } from './vectors';

export interface Corpus {
  lex: Lexicon;
  units: Unit[][];
  idf: Float64Array;
  vectors: SparseVector[];
  featureCount: number;
}

export function buildCorpus(texts: readonly string[]): Corpus {
  const lex = new Lexicon();
  const units = texts.map((text) => analyzeText(text, lex));
  const featureCount = lex.terms.length * 2;
  const counts = units.map((doc) => {
    const features: number[] = [];
    for (const unit of doc) if (!unit.filler) for (const f of unit.features) features.push(f);
    return countTerms(features);
  });
  const idf = inverseDocumentFrequency(counts, featureCount);
  for (let f = 0; f < featureCount; f++) if (lex.fillerTerm[f >> 1] === true) idf[f] = (idf[f] as number) * THRESHOLDS.fillerTermWeight;
  const vectors = counts.map((c) => weigh(c, idf));
  return { lex, units, idf, vectors, featureCount };
}
