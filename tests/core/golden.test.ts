/**
 * Golden cases (tests/fixtures/consensus-cases.json): panels with the outcome the
 * engine must produce, on both backends. native/core/tests/golden.rs runs the same file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConsensusOptions, CoreBackend, ExpertResponse } from '../../server/core/types';
import { backends } from './support';

interface GoldenCase {
  name: string;
  responses: ExpertResponse[];
  options?: ConsensusOptions;
  expect: {
    clusters?: string[][];
    majority?: string[];
    dissenters?: string[];
    reached?: boolean;
    consensusConfidence?: number;
    expertsAsked?: number;
    recommendationsCount?: number;
    recommendationsInclude?: { text: string; supporters: string[] }[];
    recommendationsExclude?: string[];
    insights?: { expertId: string; kind?: 'caveat' | 'insight'; context?: string }[];
  };
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'consensus-cases.json');
const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: GoldenCase[] }).cases;

describe.each(backends)('golden cases (%s)', (_name, core: CoreBackend) => {
  it.each(cases)('$name', ({ responses, options, expect: want }) => {
    const r = core.calculateConsensus(responses, options);
    if (want.clusters) expect(r.clusters.map((c) => c.members)).toEqual(want.clusters);
    if (want.majority) expect(r.majority).toEqual(want.majority);
    if (want.dissenters) expect(r.dissenters).toEqual(want.dissenters);
    if (want.reached !== undefined) expect(r.reached).toBe(want.reached);
    if (want.consensusConfidence !== undefined) expect(r.consensusConfidence).toBeCloseTo(want.consensusConfidence, 6);
    if (want.expertsAsked !== undefined) expect(r.expertsAsked).toBe(want.expertsAsked);
    if (want.recommendationsCount !== undefined) expect(r.commonRecommendations).toHaveLength(want.recommendationsCount);
    const recs = JSON.stringify(r.commonRecommendations.map((c) => [c.text, c.supporters]));
    for (const inc of want.recommendationsInclude ?? []) {
      const hit = r.commonRecommendations.find((c) => c.text.toLowerCase().includes(inc.text) && [...c.supporters].sort().join() === [...inc.supporters].sort().join());
      expect(hit, recs).toBeDefined();
    }
    for (const exc of want.recommendationsExclude ?? []) {
      expect(r.commonRecommendations.some((c) => c.text.toLowerCase().includes(exc)), recs).toBe(false);
    }
    const insights = JSON.stringify(r.uniqueInsights);
    for (const ins of want.insights ?? []) {
      const hit = r.uniqueInsights.find(
        (u) => u.expertId === ins.expertId && (ins.kind === undefined || u.kind === ins.kind) && (ins.context === undefined || (u.context ?? '').includes(ins.context)),
      );
      expect(hit, insights).toBeDefined();
    }
    // Always: a claim is a recommendation or an insight, never both; a dissenter never backs the majority's bottom line.
    const cited = new Set(r.commonRecommendations.flatMap((c) => c.evidence.map((e) => `${e.expertId}\u0000${e.text.replace(/[*_`]/g, '').trim()}`)));
    for (const u of r.uniqueInsights) expect(cited.has(`${u.expertId}\u0000${u.text}`)).toBe(false);
    const majorityLine = r.commonRecommendations[0];
    if (majorityLine && r.majority.every((m) => majorityLine.supporters.includes(m))) {
      for (const d of r.dissenters) expect(majorityLine.supporters).not.toContain(d);
    }
  });
});
