/**
 * Pairwise similarity of provider embeddings, TypeScript twin of
 * native/core/src/embeddings.rs: cosine clamped to [0, 1] (a negative cosine
 * means "no similarity", not "half similar"), exactly 1 on the diagonal, 0
 * between a zero vector and any other. Float32 components are exact as JS
 * numbers and so are their products, so the only difference from the native
 * kernel is summation order (~1e-15).
 */
import { CoreError } from '../errors';

/** The output is n x n numbers; beyond this it is a mistake, not a panel. */
export const MAX_VECTORS = 2048;

export function similarityFromEmbeddings(vectors: Float32Array, dim: number): number[][] {
  if (!(vectors instanceof Float32Array)) {
    throw new CoreError('INVALID_ARGUMENT', 'vectors must be a Float32Array');
  }
  if (!(Number.isInteger(dim) && dim >= 1 && dim <= 0xffffffff)) {
    throw new CoreError('INVALID_ARGUMENT', `dim must be a positive integer, got ${String(dim)}`);
  }
  if (vectors.length % dim !== 0) {
    throw new CoreError('INVALID_ARGUMENT', `vectors has ${vectors.length} components, not a multiple of dim ${dim}`);
  }
  const n = vectors.length / dim;
  if (n > MAX_VECTORS) {
    throw new CoreError('TOO_LARGE', `${n} vectors; at most ${MAX_VECTORS} are supported`);
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `vectors[${i}] (vector ${Math.floor(i / dim)}, component ${i % dim}) is not a finite number`,
      );
    }
  }
  const norms: number[] = [];
  for (let i = 0; i < n; i++) norms.push(Math.sqrt(dot(vectors, i * dim, i * dim, dim)));
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    row[i] = 1;
    const ni = norms[i]!;
    for (let j = i + 1; j < n; j++) {
      const nj = norms[j]!;
      const cosine = ni === 0 || nj === 0 ? 0 : dot(vectors, i * dim, j * dim, dim) / (ni * nj);
      const s = cosine > 0 ? Math.min(1, cosine) : 0;
      row[j] = s;
      matrix[j]![i] = s;
    }
  }
  return matrix;
}

function dot(v: Float32Array, a: number, b: number, dim: number): number {
  let sum = 0;
  for (let k = 0; k < dim; k++) sum += v[a + k]! * v[b + k]!;
  return sum;
}
