/**
 * Long open-ended answers (the simulator's default panel): agreement follows the
 * answers' conclusions, on both backends. Atlas, Sage and Nova reach the same verdict
 * in different words and lengths; Orion either concludes the other option (Rust, bcrypt)
 * or the same one with conditions (PostgreSQL if the data is relational).
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
  analyst?: boolean;
  answers: { match: string; text: string }[];
}

const scriptPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'simulator', 'default-script.json');
const script = JSON.parse(readFileSync(scriptPath, 'utf8')) as { experts: ScriptExpert[] };

function panelFor(match: string): ExpertResponse[] {
  return script.experts
    // The panel: not the chair, not the analyst (whose answers are JSON maps).
    .filter((e) => e.chair !== true && e.analyst !== true)
    .map((e) => {
      const answer = e.answers.find((a) => a.match === match);
      if (answer === undefined) throw new Error(`${e.name} has no answer for ${match}`);
      return { expertId: e.name, text: answer.text };
    });
}

const AGREEING = ['Atlas', 'Sage', 'Nova'];

describe.each(backends)('open-ended answers (%s)', (_name, core: CoreBackend) => {
  // Orion names the same default with conditions ("choose PostgreSQL if your data is relational"):
  // an answer that adds a condition to the same bottom line stays in that camp, and its condition
  // is its own insight (docs/consensus.md, "Camps" and "Findings").
  it.each([
    { match: 'postgres', conclusion: /postgres/i },
    { match: 'microservice', conclusion: /monolith/i },
  ])('$match: a caveat on the same bottom line stays in the majority, and the shared verdict is reported', ({ match, conclusion }) => {
    const r = core.calculateConsensus(panelFor(match));
    expect(r.majority).toEqual([...AGREEING, 'Orion']);
    expect(r.dissenters).toEqual([]);
    const shared = r.commonRecommendations[0];
    expect(shared?.text).toMatch(conclusion);
    expect(shared?.supporters).toEqual(expect.arrayContaining(AGREEING));
    expect(shared?.evidence.map((e) => e.expertId)).toEqual(expect.arrayContaining(AGREEING));
    expect(r.uniqueInsights.some((u) => u.expertId === 'Orion')).toBe(true);
  });

  it('rust: the expert who concludes Rust is not in the camp of those who conclude Go', () => {
    const r = core.calculateConsensus(panelFor('rust'));
    const camp = (id: string) => r.clusters.findIndex((c) => c.members.includes(id));
    expect(camp('Atlas')).toBe(camp('Sage'));
    expect(camp('Orion')).not.toBe(camp('Atlas'));
    expect(r.dissenters).toContain('Orion');
    const go = r.commonRecommendations.find((c) => /\bgo\b/i.test(c.text) && c.supporters.includes('Atlas'));
    expect(go?.supporters).not.toContain('Orion');
  });

  it('password: the expert who concludes bcrypt is not in the camp of those who conclude Argon2id', () => {
    const r = core.calculateConsensus(panelFor('password'));
    const camp = (id: string) => r.clusters.findIndex((c) => c.members.includes(id));
    expect(camp('Atlas')).toBe(camp('Nova'));
    expect(camp('Orion')).not.toBe(camp('Atlas'));
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
