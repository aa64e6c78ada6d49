/**
 * Step 2 of docs/consensus.md, "Meaning": how alike two claims are. With the sentence
 * model, the cosine of their embeddings (static MiniLM, embedding/); without it
 * (missing or corrupt model files), the cosine of their TF-IDF vectors fitted on the
 * panel, against a lower threshold. Mirrored in native/core/src/meaning.rs.
 */
import type { Claim } from './claims';
import { THRESHOLDS } from './params';
import type { SparseVector } from './vectors';

/** Embeds texts as unit vectors (zero for empty text), or null when no model is loaded. */
export type SentenceEncoder = (texts: readonly string[]) => Float32Array[] | null;

export interface Meaning {
  semantic: boolean;
  /** Similarity at or above which two claims say the same thing. */
  matchThreshold: number;
  similarity(a: number, b: number): number;
  /** Unit vector of claim a, when semantic. */
  vector(a: number): Float32Array | null;
}

const MARKUP = /[*_`#>|]+/gu;

/** The text a claim is embedded as: Markdown marks removed, spaces collapsed. */
export function plainText(text: string): string {
  return text.replace(MARKUP, ' ').replace(/\s+/gu, ' ').trim();
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k] as number) * (b[k] as number);
  return sum;
}

function sparseCosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      sum += (a.weights[i] as number) * (b.weights[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

export function claimMeaning(claims: readonly Claim[], encode: SentenceEncoder): Meaning {
  const vectors = encode(claims.map((c) => plainText(c.text)));
  if (vectors !== null) {
    // Embeddings carry meaning; the panel's TF-IDF adds the weight of rare shared terms
    // ("PBGC", "heapsort", ".gitignore") that a static model averages away.
    const blend = THRESHOLDS.lexicalBlend;
    return {
      semantic: true,
      matchThreshold: THRESHOLDS.claimMatch,
      similarity: (a, b) =>
        (1 - blend) * dot(vectors[a] as Float32Array, vectors[b] as Float32Array) + blend * sparseCosine((claims[a] as Claim).vector, (claims[b] as Claim).vector),
      vector: (a) => vectors[a] as Float32Array,
    };
  }
  return {
    semantic: false,
    matchThreshold: THRESHOLDS.claimMatchLexical,
    similarity: (a, b) => sparseCosine((claims[a] as Claim).vector, (claims[b] as Claim).vector),
    vector: () => null,
  };
}
