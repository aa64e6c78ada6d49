/**
 * Sparse TF-IDF vectors over feature ids. Everything iterates in ascending
 * feature id so that sums happen in the same order as in native/core/src/vectors.rs
 * and both backends produce the same floating-point results.
 */

export interface TermCounts {
  ids: Int32Array;
  counts: Int32Array;
}

export interface SparseVector {
  ids: Int32Array;
  /** L2-normalised weights. */
  weights: Float64Array;
  /** Norm before normalisation (how much weighted content the text holds). */
  norm: number;
}

/** Sorted distinct features with their counts. */
export function countTerms(features: readonly number[]): TermCounts {
  const sorted = Int32Array.from(features).sort();
  const ids: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    const id = sorted[i] as number;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === id) j++;
    ids.push(id);
    counts.push(j - i);
    i = j;
  }
  return { ids: Int32Array.from(ids), counts: Int32Array.from(counts) };
}

/** Smoothed inverse document frequency fitted on the panel: ln((1 + N) / (1 + df)) + 1. */
export function inverseDocumentFrequency(docs: readonly TermCounts[], featureCount: number): Float64Array {
  const df = new Int32Array(featureCount);
  for (const doc of docs) for (const id of doc.ids) df[id] = (df[id] as number) + 1;
  const idf = new Float64Array(featureCount);
  const n = docs.length;
  for (let f = 0; f < featureCount; f++) {
    const d = df[f] as number;
    if (d > 0) idf[f] = Math.log((1 + n) / (1 + d)) + 1;
  }
  return idf;
}

/** Sublinear TF times IDF, L2-normalised. */
export function weigh(counts: TermCounts, idf: Float64Array): SparseVector {
  const weights = new Float64Array(counts.ids.length);
  let sumSquares = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = (1 + Math.log(counts.counts[i] as number)) * (idf[counts.ids[i] as number] as number);
    weights[i] = w;
    sumSquares += w * w;
  }
  const norm = Math.sqrt(sumSquares);
  if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / norm;
  return { ids: counts.ids, weights, norm };
}

/** A dense scratch row for one vector, for many dot products against it. */
export class DenseRow {
  readonly values: Float64Array;
  private loaded: SparseVector | null = null;

  constructor(featureCount: number) {
    this.values = new Float64Array(featureCount);
  }

  load(v: SparseVector): void {
    this.clear();
    for (let i = 0; i < v.ids.length; i++) this.values[v.ids[i] as number] = v.weights[i] as number;
    this.loaded = v;
  }

  clear(): void {
    if (this.loaded === null) return;
    for (const id of this.loaded.ids) this.values[id] = 0;
    this.loaded = null;
  }

  /** Cosine with the loaded vector. */
  dot(v: SparseVector): number {
    let sum = 0;
    for (let i = 0; i < v.ids.length; i++) sum += (this.values[v.ids[i] as number] as number) * (v.weights[i] as number);
    return sum;
  }

  /** Cosine with v after swapping every feature with its negation: how much v contradicts the loaded vector. */
  flippedDot(v: SparseVector): number {
    let sum = 0;
    for (let i = 0; i < v.ids.length; i++) sum += (this.values[(v.ids[i] as number) ^ 1] as number) * (v.weights[i] as number);
    return sum;
  }
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
