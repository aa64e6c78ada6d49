/**
 * Input checks of the fallback, in the same order and with the same codes and
 * messages as native/core/src/validate.rs. Lone surrogates are replaced by
 * U+FFFD first, which is what the addon receives from Node for such strings.
 */
import { CoreError } from '../errors';
import type { ConsensusOptions, ExpertResponse } from '../types';
import { MAX_EXPERTS, MAX_PANEL_BYTES, MAX_TEXT_BYTES } from './limits';
import { THRESHOLDS } from './params';

export interface Expert {
  id: string;
  text: string;
  weight: number;
  confidence: number;
  /** Still being written: its trailing unfinished sentence is no claim. */
  streaming: boolean;
}

export interface Panel {
  experts: Expert[];
  confidenceThreshold: number;
  /** Experts asked, answered or not (failed, cancelled): at least experts.length. */
  expertsAsked: number;
}

// In a `u` regex a surrogate range matches only surrogates that are not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/** Replaces lone surrogates by U+FFFD, as Node does when it hands a string to the addon. */
export function wellFormed(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Checks a list of texts (analyzeSimilarity); returns them well-formed. */
export function validateTexts(texts: unknown): string[] {
  if (!Array.isArray(texts)) throw new CoreError('INVALID_ARGUMENT', 'texts must be an array of strings');
  if (texts.length > MAX_EXPERTS) throw new CoreError('TOO_LARGE', `at most ${MAX_EXPERTS} texts are accepted`);
  let total = 0;
  return texts.map((text: unknown, i) => {
    if (typeof text !== 'string') throw new CoreError('INVALID_ARGUMENT', `text ${i} must be a string`);
    const clean = validateText(text);
    total += utf8Bytes(clean);
    if (total > MAX_PANEL_BYTES) throw new CoreError('TOO_LARGE', `the texts exceed ${MAX_PANEL_BYTES} bytes in total`);
    return clean;
  });
}

/** Checks one text (tokenize); returns it well-formed. */
export function validateText(text: unknown): string {
  if (typeof text !== 'string') throw new CoreError('INVALID_ARGUMENT', 'text must be a string');
  const clean = wellFormed(text);
  if (utf8Bytes(clean) > MAX_TEXT_BYTES) throw new CoreError('TOO_LARGE', `a text exceeds ${MAX_TEXT_BYTES} bytes`);
  return clean;
}

function optionalNumber(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'number' ? value : undefined;
}

export function validatePanel(responses: unknown, options: unknown): Panel {
  if (!Array.isArray(responses)) throw new CoreError('INVALID_ARGUMENT', 'responses must be an array');
  if (responses.length === 0) throw new CoreError('EMPTY_PANEL', 'the panel has no responses');
  if (responses.length > MAX_EXPERTS) throw new CoreError('TOO_LARGE', `at most ${MAX_EXPERTS} experts are accepted`);

  const opts = (options ?? {}) as ConsensusOptions;
  const threshold = optionalNumber(opts.confidenceThreshold, THRESHOLDS.confidenceThreshold);
  if (threshold === undefined || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new CoreError('INVALID_ARGUMENT', 'confidenceThreshold must be a number between 0 and 1');
  }

  const seen = new Set<string>();
  let total = 0;
  const experts = responses.map((response: unknown, i): Expert => {
    const r = (response ?? {}) as Partial<ExpertResponse>;
    if (typeof r.expertId !== 'string' || r.expertId.length === 0) {
      throw new CoreError('INVALID_ARGUMENT', `response ${i} needs a non-empty expertId`);
    }
    const id = wellFormed(r.expertId);
    if (seen.has(id)) throw new CoreError('DUPLICATE_EXPERT', `expert "${id}" appears more than once`);
    seen.add(id);
    if (typeof r.text !== 'string') throw new CoreError('INVALID_ARGUMENT', `expert "${id}": text must be a string`);
    const weight = optionalNumber(r.weight, 1);
    if (weight === undefined || !Number.isFinite(weight) || weight <= 0) {
      throw new CoreError('INVALID_WEIGHT', `expert "${id}": weight must be a finite number greater than 0`);
    }
    const confidence = optionalNumber(r.confidence, 1);
    if (confidence === undefined || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
      throw new CoreError('INVALID_CONFIDENCE', `expert "${id}": confidence must be a number between 0 and 1`);
    }
    const text = wellFormed(r.text);
    const bytes = utf8Bytes(text);
    if (bytes > MAX_TEXT_BYTES) throw new CoreError('TOO_LARGE', `expert "${id}": the text exceeds ${MAX_TEXT_BYTES} bytes`);
    total += bytes;
    if (total > MAX_PANEL_BYTES) throw new CoreError('TOO_LARGE', `the panel exceeds ${MAX_PANEL_BYTES} bytes in total`);
    return { id, text, weight, confidence, streaming: r.streaming === true };
  });
  const asked = optionalNumber(opts.expertsAsked, experts.length);
  if (asked === undefined || !Number.isInteger(asked) || asked < 0 || asked > MAX_EXPERTS) {
    throw new CoreError('INVALID_ARGUMENT', `expertsAsked must be a whole number between 0 and ${MAX_EXPERTS}`);
  }
  return { experts, confidenceThreshold: threshold, expertsAsked: Math.max(asked, experts.length) };
}
