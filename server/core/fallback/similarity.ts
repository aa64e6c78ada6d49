/**
 * Pairwise matrices over the panel's document vectors. Only i < j is computed and
 * mirrored, so the matrix is exactly symmetric; the diagonal is 1 by definition
 * (an empty answer is identical to itself, and similar to nothing else).
 * Mirrored in native/core/src/similarity.rs.
 */
import { buildCorpus } from './documents';
import { clamp01, DenseRow, type SparseVector } from './vectors';

function pairwise(vectors: readonly SparseVector[], featureCount: number, score: (row: DenseRow, v: SparseVector) => number): number[][] {
  const n = vectors.length;
  const matrix = Array.from({ length: n }, (_, i) => {
    const row = new Array<number>(n).fill(0);
    row[i] = 1;
    return row;
  });
  const scratch = new DenseRow(featureCount);
  for (let i = 0; i < n; i++) {
    scratch.load(vectors[i] as SparseVector);
    for (let j = i + 1; j < n; j++) {
      const value = clamp01(score(scratch, vectors[j] as SparseVector));
      (matrix[i] as number[])[j] = value;
      (matrix[j] as number[])[i] = value;
    }
  }
  scratch.clear();
  return matrix;
}

/** TF-IDF cosine similarity. */
export function cosineMatrix(vectors: readonly SparseVector[], featureCount: number): number[][] {
  return pairwise(vectors, featureCount, (row, v) => row.dot(v));
}

/**
 * Agreement: cosine minus contradiction, where contradiction is the cosine after
 * negating one side ("use X" against "avoid X" scores high there).
 */
export function agreementMatrix(vectors: readonly SparseVector[], featureCount: number): number[][] {
  return pairwise(vectors, featureCount, (row, v) => row.dot(v) - row.flippedDot(v));
}

export function analyzeSimilarityTexts(texts: readonly string[]): number[][] {
  const corpus = buildCorpus(texts);
  return cosineMatrix(corpus.vectors, corpus.featureCount);
}
