/**
 * A bounded LRU cache of consensus results, keyed by a SHA-256 of the panel
 * (ids, texts, weights, confidences, streaming flags, options). It lives in server/core/index.ts,
 * in front of whichever backend runs, so both benefit the same way. Results are
 * cloned in and out, so a caller that mutates its result cannot poison the cache.
 */
import { createHash } from 'node:crypto';
import type { CacheStats, ConsensusOptions, ExpertResponse } from './types';

export function panelKey(responses: readonly ExpertResponse[], options: ConsensusOptions | undefined): string {
  const hash = createHash('sha256');
  hash.update(`threshold:${String(options?.confidenceThreshold)};asked:${String(options?.expertsAsked)};n:${responses.length};`);
  for (const r of responses) {
    // Length prefixes keep the encoding unambiguous whatever the texts contain.
    hash.update(`${r.expertId.length}:${r.expertId}|${r.text.length}:`);
    hash.update(r.text);
    hash.update(`|w:${String(r.weight)}|c:${String(r.confidence)}|s:${String(r.streaming === true)};`);
  }
  return hash.digest('hex');
}

export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private hits = 0;
  private misses = 0;

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return structuredClone(value);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, structuredClone(value));
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, capacity: this.capacity };
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
