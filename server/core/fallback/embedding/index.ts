/**
 * The sentence model in TypeScript: twin of native/core/src/embedding/mod.rs.
 * sentence-transformers/all-MiniLM-L6-v2 distilled into one int8 vector per WordPiece
 * token (models/minilm-static). Same tokenizer, loader and vectors (within 1e-6) as
 * the native core, the same cache policy, and a process-wide slot.
 */
import path from 'node:path';
import { StaticModel } from './model';

export { StaticModel, VOCAB_FILE, WEIGHTS_FILE } from './model';
export { WordPiece, basicTokenize, normalize, MAX_WORD_CHARS, UNK_TOKEN } from './tokenizer';

/** Entries an EmbeddingCache holds by default (16,384 x 256 float32 = 16 MiB of vectors). */
export const DEFAULT_CACHE_CAPACITY = 16_384;

/**
 * 64-bit FNV-1a over the UTF-8 bytes of `text` exactly as given (a lone surrogate
 * counts as U+FFFD, which is what the addon receives in its place).
 */
export function fnv1a64(text: string): bigint {
  // Four 16-bit limbs, low first; prime = 2^40 + 0x1b3.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number): void => {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    }
    if (cp < 0x80) mix(cp);
    else if (cp < 0x800) {
      mix(0xc0 | (cp >> 6));
      mix(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      mix(0xe0 | (cp >> 12));
      mix(0x80 | ((cp >> 6) & 0x3f));
      mix(0x80 | (cp & 0x3f));
    } else {
      mix(0xf0 | (cp >> 18));
      mix(0x80 | ((cp >> 12) & 0x3f));
      mix(0x80 | ((cp >> 6) & 0x3f));
      mix(0x80 | (cp & 0x3f));
    }
  }
  return (BigInt(h3 * 0x10000 + h2) << 32n) | BigInt(h1 * 0x10000 + h0);
}

/**
 * Sentence vectors keyed by fnv1a64 of the text, at most `capacity` of them. When an
 * insert finds the cache full, the least recently used half is dropped at once (the
 * Map keeps use order: a hit moves its entry to the end). Two texts with the same
 * 64-bit hash would share an entry (odds about 1e-11 at 16k entries).
 */
export class EmbeddingCache {
  private readonly map = new Map<bigint, Float32Array>();
  readonly capacity: number;

  constructor(capacity = DEFAULT_CACHE_CAPACITY) {
    this.capacity = Math.max(2, Math.floor(capacity));
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }

  get(key: bigint): Float32Array | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  insert(key: bigint, vector: Float32Array): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      let drop = this.map.size - Math.ceil(this.map.size / 2);
      for (const k of this.map.keys()) {
        if (drop-- <= 0) break;
        this.map.delete(k);
      }
    }
    this.map.set(key, vector);
  }

  /** Vectors of `texts` (fresh copies) from the cache, embedding and caching the misses. */
  embedAll(model: StaticModel, texts: readonly string[]): Float32Array[] {
    return texts.map((text) => {
      const key = fnv1a64(text);
      let v = this.get(key);
      if (v === undefined) {
        v = model.embed(text);
        this.insert(key, v);
      }
      return v.slice();
    });
  }
}

interface Installed {
  model: StaticModel;
  cache: EmbeddingCache;
}

let slot: Installed | null = null;

/** Makes `m` the process-wide sentence model (replacing any previous one and its cache). */
export function installModel(m: StaticModel): void {
  slot = { model: m, cache: new EmbeddingCache(DEFAULT_CACHE_CAPACITY) };
}

/** The process-wide model, if one was installed. */
export function model(): StaticModel | null {
  return slot?.model ?? null;
}

/** Vectors of `texts` with the installed model, through its cache; null without a model. */
export function embedCached(texts: readonly string[]): Float32Array[] | null {
  return slot === null ? null : slot.cache.embedAll(slot.model, texts);
}

/** models/minilm-static under the working directory, or $CIRCLE_MODEL_DIR. */
export function defaultModelDir(): string {
  const fromEnv = process.env.CIRCLE_MODEL_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : path.join(process.cwd(), 'models', 'minilm-static');
}

let defaultAttempt: { model: StaticModel | null } | undefined;

/**
 * Loads the model from defaultModelDir() once and installs it; later calls return the
 * same outcome. On failure: one console.warn, and null (consensus then works without it).
 */
export function loadDefaultModel(): StaticModel | null {
  if (defaultAttempt !== undefined) return defaultAttempt.model;
  try {
    const m = StaticModel.load(defaultModelDir());
    installModel(m);
    defaultAttempt = { model: m };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.warn(`[circle-core] sentence model unavailable: ${reason}; consensus uses its non-embedding signals`);
    defaultAttempt = { model: null };
  }
  return defaultAttempt.model;
}

/** Forgets loadDefaultModel()'s outcome and the installed model (tests). */
export function resetDefaultModel(): void {
  defaultAttempt = undefined;
  slot = null;
}
