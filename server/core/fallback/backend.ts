/**
 * The TypeScript implementation of the core, used when the native addon is not
 * available. Same algorithms as native/core, same results (the parity tests hold
 * both to it). Input is validated here too, with the same error codes as Rust.
 */
import type { CoreBackend } from '../types';
import { calculateConsensus } from './consensus';
import { similarityFromEmbeddings } from './embeddings';
import { groundAnalysis } from './grounding';
import { tokenizeText } from './pipeline';
import { analyzeQueries, analyzeQuery } from './query';
import { analyzeSimilarityTexts } from './similarity';
import { validateText, validateTexts } from './validate';
import { updateWeight } from './weights';

export const fallbackBackend: CoreBackend = {
  analyzeSimilarity: (texts) => analyzeSimilarityTexts(validateTexts(texts)),
  similarityFromEmbeddings,
  calculateConsensus,
  updateWeight,
  analyzeQuery,
  analyzeQueries,
  tokenize: (text) => tokenizeText(validateText(text)),
  groundAnalysis,
};
