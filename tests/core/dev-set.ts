/**
 * The four scores of ../shared/data/consensus-panels (its README; the same rules as
 * ../shared/tools/score-consensus.mjs) for one backend. Used by the dev-set test and by
 * bench/core.ts. The panels are read from the shared folder, never copied here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreBackend, ExpertResponse } from '../../server/core/types';

interface Truth {
  groups: string[][];
  majority: string[];
  tie: boolean;
  common: { supporters: string[]; keywords: string[] }[];
}
interface Panel {
  id: string;
  kind: string;
  responses: ExpertResponse[];
  truth: Truth;
}

export interface DevSetScores {
  panels: number;
  majorityRight: number;
  majorityPanels: number;
  majority: number;
  campsMerged: number;
  pairF1: number;
  recommendationRecall: number;
  recommendationPrecision: number;
  misses: string[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const devSetPath = path.resolve(root, '..', 'shared', 'data', 'consensus-panels', 'panels.json');
export const haveDevSet = existsSync(devSetPath);

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  const inter = [...A].filter((x) => B.has(x)).length;
  return inter / (A.size + B.size - inter || 1);
}
const matches = (out: { supporters: string[]; text: string }, truth: Truth['common'][number]): boolean =>
  jaccard(out.supporters, truth.supporters) >= 0.5 && truth.keywords.some((k) => out.text.toLowerCase().includes(k.toLowerCase()));

export function scoreDevSet(core: CoreBackend): DevSetScores {
  const panels = JSON.parse(readFileSync(devSetPath, 'utf8')) as Panel[];
  let majorityRight = 0;
  let majorityPanels = 0;
  let merged = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let truthCount = 0;
  let found = 0;
  let outCount = 0;
  let outRight = 0;
  const misses: string[] = [];
  for (const p of panels) {
    const r = core.calculateConsensus(p.responses, {});
    if (!p.truth.tie) {
      majorityPanels++;
      if (sameSet(r.majority, p.truth.majority)) majorityRight++;
      else misses.push(`${p.id} (${p.kind}): majority [${r.majority.join(',')}], expected [${p.truth.majority.join(',')}]`);
    }
    const truthGroup = new Map<string, number>();
    p.truth.groups.forEach((g, i) => g.forEach((e) => truthGroup.set(e, i)));
    const cluster = new Map<string, number>();
    r.clusters.forEach((c, i) => c.members.forEach((e) => cluster.set(e, i)));
    const ids = p.responses.map((x) => x.expertId);
    let mergedHere = false;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const same = truthGroup.get(ids[i] as string) === truthGroup.get(ids[j] as string);
        const together = cluster.has(ids[i] as string) && cluster.get(ids[i] as string) === cluster.get(ids[j] as string);
        if (same && together) tp++;
        else if (!same && together) {
          fp++;
          mergedHere = true;
        } else if (same && !together) fn++;
      }
    }
    if (mergedHere) {
      merged++;
      misses.push(`${p.id} (${p.kind}): experts of different camps share a cluster`);
    }
    for (const t of p.truth.common) {
      truthCount++;
      if (r.commonRecommendations.some((o) => matches(o, t))) found++;
    }
    for (const o of r.commonRecommendations) {
      outCount++;
      if (p.truth.common.some((t) => matches(o, t))) outRight++;
    }
  }
  return {
    panels: panels.length,
    majorityRight,
    majorityPanels,
    majority: majorityRight / (majorityPanels || 1),
    campsMerged: merged,
    pairF1: (2 * tp) / (2 * tp + fp + fn || 1),
    recommendationRecall: found / (truthCount || 1),
    recommendationPrecision: outRight / (outCount || 1),
    misses,
  };
}

export function formatScores(name: string, s: DevSetScores): string {
  return `[${name}] majority right ${s.majorityRight}/${s.majorityPanels} (${(s.majority * 100).toFixed(1)}%), camps merged in ${s.campsMerged}/${s.panels}, pair F1 ${s.pairF1.toFixed(3)}, recommendations recall ${s.recommendationRecall.toFixed(3)} precision ${s.recommendationPrecision.toFixed(3)}`;
}
