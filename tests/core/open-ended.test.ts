/**
 * Long open-ended answers (the simulator's default panel): agreement follows the
 * answers' conclusions, on both backends. In every topic Atlas, Sage and Nova reach
 * the same verdict in different words and lengths, and Orion dissents (and says so).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CoreBackend, ExpertResponse } from '../../server/core/types';
import { backends } from './support';

interface ScriptExpert {
  name: string;
  chair?: boolean;
  answers: { match: string; text: string }[];
}

const scriptPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'simulator', 'default-script.json');
const script = JSON.parse(readFileSync(scriptPath, 'utf8')) as { experts: ScriptExpert[] };

function panelFor(match: string): ExpertResponse[] {
  return script.experts
    .filter((e) => e.chair !== true)
    .map((e) => {
      const answer = e.answers.find((a) => a.match === match);
      if (answer === undefined) throw new Error(`${e.name} has no answer for ${match}`);
      return { expertId: e.name, text: answer.text };
    });
}

const AGREEING = ['Atlas', 'Sage', 'Nova'];
const topics: { match: string; conclusion: RegExp }[] = [
  { match: 'postgres', conclusion: /postgres/i },
  { match: 'password', conclusion: /argon2/i },
  { match: 'microservice', conclusion: /monolith/i },
  { match: 'rust', conclusion: /\bgo\b/i },
];

describe.each(backends)('open-ended answers (%s)', (_name, core: CoreBackend) => {
  it.each(topics)('$match: the three who agree are the majority, Orion dissents, the shared verdict is reported', ({ match, conclusion }) => {
    const r = core.calculateConsensus(panelFor(match));
    expect(r.majority).toEqual(AGREEING);
    expect(r.dissenters).toEqual(['Orion']);
    expect(r.consensusConfidence).toBeCloseTo(0.75, 12);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(r.similarity[i]?.[j]).toBeGreaterThan(0.25);
    const shared = r.commonRecommendations.find((c) => conclusion.test(c.text) && AGREEING.every((id) => c.supporters.includes(id)));
    expect(shared, JSON.stringify(r.commonRecommendations.map((c) => [c.text, c.supporters]))).toBeDefined();
    expect(shared?.evidence.map((e) => e.expertId)).toEqual(expect.arrayContaining(AGREEING));
  });

  it('keeps an opposite verdict apart even when it names the same options', () => {
    // Orion's Rust answer names Go and Rust like the others; only the verdict differs.
    const r = core.calculateConsensus(panelFor('rust'));
    const orion = r.similarity[3] as number[];
    for (let j = 0; j < 3; j++) expect(orion[j]).toBeLessThan(0.25);
  });

  it('does not turn shared filler or a shared first word into agreement', () => {
    const r = core.calculateConsensus([
      { expertId: 'a', text: 'Great question! I would pick Kafka for the event log. It keeps ordering per partition.' },
      { expertId: 'b', text: 'Great question! I would pick SQLite for the mobile cache. It needs no server.' },
    ]);
    expect(r.dissenters).toHaveLength(1);
    expect(r.commonRecommendations).toEqual([]);
  });
});

describe.each(backends)('common recommendations are listed once (%s)', (_name, core: CoreBackend) => {
  it('does not repeat a shared conclusion as a claim group', () => {
    // Two experts close with the very same sentence: it is both a shared conclusion and a claim group.
    const closing = 'Whatever you choose, turn on point in time recovery and rehearse a restore every quarter.';
    const result = core.calculateConsensus([
      { expertId: 'A', text: `A managed database removes backups and failover from your budget. ${closing}` },
      { expertId: 'B', text: `Frame it as risk rather than cost: data loss and outages are the expensive failures. ${closing}` },
      { expertId: 'C', text: 'Self hosting is fine when someone on the team enjoys operations work.' },
    ]);
    const texts = result.commonRecommendations.map((r) => r.text);
    expect(texts.filter((t) => /rehearse a restore/.test(t))).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
