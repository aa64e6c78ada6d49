/**
 * server/core/index.ts, the only door: backend choice (native when it loads,
 * fallback on CIRCLE_NATIVE=off), Promise and Sync versions, shape checks,
 * the consensus cache and the call timings.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../server/core/errors';
import * as door from '../../server/core/index';
import { native } from './support';

const PANEL = [
  { expertId: 'a', text: 'Use Redis for caching session data; it is fast.' },
  { expertId: 'b', text: 'For caching sessions, Redis is the right tool.' },
  { expertId: 'c', text: 'Never use Redis for caching session data.' },
];

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the core door', () => {
  it('reports the native backend when the addon loads, with the crate version', () => {
    const info = door.coreInfo();
    expect(info.backend).toBe(native ? 'native' : 'fallback');
    expect(info.version).toBe('0.1.0');
    if (native) expect(info.reason).toBeUndefined();
  });

  it('uses the fallback when CIRCLE_NATIVE=off, says why once, and gives the same answers', async () => {
    vi.stubEnv('CIRCLE_NATIVE', 'off');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fresh = await import('../../server/core/index');
    expect(fresh.coreInfo()).toEqual({ backend: 'fallback', version: '0.1.0', reason: 'CIRCLE_NATIVE=off' });
    const viaFallback = fresh.calculateConsensusSync(PANEL);
    fresh.calculateConsensusSync(PANEL);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('CIRCLE_NATIVE=off');
    warn.mockRestore();
    expect(viaFallback).toEqual(door.fallbackBackend.calculateConsensus(PANEL));
    expect(await fresh.calculateConsensus(PANEL)).toEqual(viaFallback);
  });

  it('has a Promise and a Sync version of every function, with equal results', async () => {
    door.resetCoreStats();
    expect(await door.analyzeSimilarity(PANEL.map((p) => p.text))).toEqual(door.analyzeSimilaritySync(PANEL.map((p) => p.text)));
    expect(await door.calculateConsensus(PANEL)).toEqual(door.calculateConsensusSync(PANEL));
    expect(await door.updateWeight({ alpha: 2, beta: 3 }, 1)).toEqual(door.updateWeightSync({ alpha: 2, beta: 3 }, 1));
    const question = 'My key is sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD, how do I rotate it?';
    expect(await door.analyzeQuery(question)).toEqual(door.analyzeQuerySync(question));
    expect(await door.analyzeQueries([question, 'hi'])).toEqual(door.analyzeQueriesSync([question, 'hi']));
    const vectors = new Float32Array([1, 0, 0, 1, 1, 1]);
    expect(await door.similarityFromEmbeddings(vectors, 2)).toEqual(door.similarityFromEmbeddingsSync(vectors, 2));
    expect(door.tokenize('Running databases')).toEqual(['run', 'databas']);
  });

  it('turns bad shapes into INVALID_ARGUMENT and backend errors into CoreError, sync and async', async () => {
    expect(() => door.calculateConsensusSync([{ expertId: 'a', text: 42 }] as never)).toThrow(CoreError);
    expect(() => door.calculateConsensusSync([{ expertId: 'a', text: 'x', weight: '2' }] as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('0.weight') }),
    );
    await expect(door.calculateConsensus([])).rejects.toMatchObject({ code: 'EMPTY_PANEL' });
    await expect(door.calculateConsensus([{ expertId: 'a', text: 'x', weight: -1 }])).rejects.toBeInstanceOf(CoreError);
    await expect(door.analyzeSimilarity('nope' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('caches consensus results by panel, counting hits and misses', async () => {
    door.resetCoreStats();
    const first = door.calculateConsensusSync(PANEL);
    const second = await door.calculateConsensus(PANEL);
    expect(second).toEqual(first);
    door.calculateConsensusSync(PANEL.map((p, i) => (i === 0 ? { ...p, weight: 3 } : p)));
    door.calculateConsensusSync(PANEL, { confidenceThreshold: 0.5 });
    expect(door.coreStats().cache).toEqual({ hits: 1, misses: 3, size: 3, capacity: 128 });
    // A caller mutating its result cannot change what the next caller gets.
    second.majority.push('intruder');
    expect(door.calculateConsensusSync(PANEL).majority).not.toContain('intruder');
  });

  it('never serves a result computed with other streaming flags or another panel size', () => {
    door.resetCoreStats();
    const live = door.calculateConsensusSync(
      PANEL.map((r) => ({ ...r, streaming: true })),
      { expertsAsked: 4 },
    );
    const final = door.calculateConsensusSync(PANEL, { expertsAsked: 3 });
    expect(live.expertsAsked).toBe(4);
    expect(final.expertsAsked).toBe(3);
    expect(final.consensusConfidence).toBeGreaterThan(live.consensusConfidence);
    expect(door.coreStats().cache.hits).toBe(0);
  });

  it('evicts the least recently used panel beyond its capacity', () => {
    door.resetCoreStats();
    for (let i = 0; i < 130; i++) door.calculateConsensusSync([{ expertId: 'solo', text: `answer number ${i}` }]);
    door.calculateConsensusSync([{ expertId: 'solo', text: 'answer number 129' }]);
    door.calculateConsensusSync([{ expertId: 'solo', text: 'answer number 0' }]);
    expect(door.coreStats().cache).toEqual({ hits: 1, misses: 131, size: 128, capacity: 128 });
  });

  it('times every call per function', async () => {
    door.resetCoreStats();
    door.calculateConsensusSync(PANEL);
    await door.calculateConsensus(PANEL);
    door.tokenize('x');
    expect(() => door.tokenize(7 as never)).toThrow(CoreError);
    const timings = door.coreStats().timings;
    expect(timings.map((t) => [t.name, t.calls])).toEqual([
      ['calculateConsensus', 2],
      ['tokenize', 2],
    ]);
    for (const t of timings) expect(t.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('runs native Promise versions off the event loop: a timer fires while a big consensus computes', async () => {
    if (native === null) return;
    const text = 'Use Redis for caching. Avoid MongoDB for sessions. '.repeat(40_000);
    const panel = Array.from({ length: 4 }, (_, i) => ({ expertId: `e${i}`, text: `${i} ${text}` }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await door.calculateConsensus(panel);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
