/**
 * Similarity of provider embeddings on both backends: clamped cosine, zero
 * vectors, validation, and native/fallback agreement within 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { fallbackBackend, similarityFromEmbeddings } from '../../server/core/index';
import { backends, native, errorCode } from './support';


/** Seeded components in [-1, 1), shaped like real embeddings (a shared direction plus noise). */
function embeddings(n: number, dim: number, seed: number): Float32Array {
  let s = seed;
  const next = (): number => {
    s = (s * 48271) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  };
  const shared = Array.from({ length: dim }, next);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) out[i * dim + k] = 0.6 * shared[k]! + next();
  return out;
}


describe.each(backends)('similarityFromEmbeddings (%s)', (_name, core) => {
  it('computes the cosine, clamped to 0..1, with an exact diagonal', () => {
    const m = core.similarityFromEmbeddings(new Float32Array([1, 0, 1, 1, -1, 0, 3, 0]), 2);
    expect(m).toHaveLength(4);
    expect(m[0]![1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m[1]![0]).toBe(m[0]![1]);
    expect(m[0]![2]).toBe(0); // opposite directions: no similarity
    expect(m[0]![3]).toBe(1); // same direction, different length
    for (let i = 0; i < 4; i++) expect(m[i]![i]).toBe(1);
  });

  it('gives a zero vector similarity 0 with others and 1 with itself', () => {
    const m = core.similarityFromEmbeddings(new Float32Array([0, 0, 0, 1, 2, 3]), 3);
    expect(m).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('returns a symmetric matrix in 0..1 for a realistic panel', () => {
    const n = 12;
    const m = core.similarityFromEmbeddings(embeddings(n, 1536, 5), 1536);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(m[i]![j]).toBe(m[j]![i]);
        expect(m[i]![j]).toBeGreaterThanOrEqual(0);
        expect(m[i]![j]).toBeLessThanOrEqual(1);
      }
    }
    expect(m[0]![1]).toBeGreaterThan(0.1); // the shared direction shows
    expect(m[0]![1]).toBeLessThan(0.9);
  });

  it('accepts an empty set of vectors', () => {
    expect(core.similarityFromEmbeddings(new Float32Array(0), 8)).toEqual([]);
  });

  it('rejects bad shapes and values with typed errors', () => {
    expect(errorCode(() => core.similarityFromEmbeddings(new Float32Array(3), 2))).toBe('INVALID_ARGUMENT');
    for (const dim of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(errorCode(() => core.similarityFromEmbeddings(new Float32Array(4), dim)), String(dim)).toBe('INVALID_ARGUMENT');
    }
    expect(errorCode(() => core.similarityFromEmbeddings(new Float32Array([1, Number.NaN]), 2))).toBe('INVALID_ARGUMENT');
    expect(errorCode(() => core.similarityFromEmbeddings(new Float32Array([1, Infinity]), 1))).toBe('INVALID_ARGUMENT');
    expect(() => core.similarityFromEmbeddings(new Float32Array([1, 2, 3, Number.NaN]), 2)).toThrow(/vector 1, component 1/);
    expect(errorCode(() => core.similarityFromEmbeddings(new Float32Array(2049), 1))).toBe('TOO_LARGE');
  });
});

describe.runIf(native)('similarityFromEmbeddings parity (native vs fallback)', () => {
  it('agrees within 1e-6 on odd and SIMD-sized dimensions', () => {
    for (const [n, dim, seed] of [
      [10, 1536, 1],
      [25, 768, 2],
      [7, 17, 3],
      [3, 1, 4],
      [40, 3072, 5],
    ] as const) {
      const vectors = embeddings(n, dim, seed);
      vectors.fill(0, 2 * dim, 3 * dim); // one zero vector in every panel
      const a = native!.similarityFromEmbeddings(vectors, dim);
      const b = fallbackBackend.similarityFromEmbeddings(vectors, dim);
      expect(a).toHaveLength(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(a[i]![j]! - b[i]![j]!)).toBeLessThan(1e-6);
    }
  });
});

describe('similarityFromEmbeddings Promise version (active backend)', () => {
  it('resolves with the matrix and rejects with typed errors', async () => {
    const vectors = embeddings(6, 64, 11);
    const got = await similarityFromEmbeddings(vectors, 64);
    const want = fallbackBackend.similarityFromEmbeddings(vectors, 64);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(Math.abs(got[i]![j]! - want[i]![j]!)).toBeLessThan(1e-6);
    await expect(similarityFromEmbeddings(new Float32Array(5), 2)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
