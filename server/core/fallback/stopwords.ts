/**
 * Word lists of the text pipeline, read from native/core/data/words.json, the one
 * copy native/core/src/stopwords.rs embeds too (what each list does: that file's comment).
 */
import words from '../../../native/core/data/words.json';

export const STOP_WORDS: readonly string[] = words.stopWords;
export const NEGATION_CUES: readonly string[] = words.negationCues;
export const CLAUSE_BREAK_WORDS: readonly string[] = words.clauseBreakWords;
export const FILLER_WORDS: readonly string[] = words.fillerWords;
export const ABBREVIATIONS: readonly string[] = words.abbreviations;
export const NUMBER_ABBREVIATIONS: readonly string[] = words.numberAbbreviations;
