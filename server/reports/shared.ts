import { findRunView } from '../db/repositories/runs';
import { listWeightHistory, type WeightPoint } from '../db/repositories/weights';
import type { RunView } from '../runs/types';
import { runIdForToken } from './shares';

/**
 * What a share link shows: the run, with every database id (the run's, its answers', its
 * experts') replaced by an alias that means something only inside this report ("answer-2").
 * A visitor learns nothing they could use once the link is revoked, nor anything that names
 * the run to the API (which needs the owner's session anyway).
 *
 * The replacement is done on the serialised view: ids are cuids, so an occurrence of one is
 * that id, wherever the consensus, the analysis or the weight history refers to it.
 */

export interface SharedReport {
  run: RunView;
  weightHistory: WeightPoint[];
}

export const SHARED_RUN_ALIAS = 'shared-report';

/** The shared report behind a live token, or null (malformed, unknown or revoked). */
export async function loadSharedReport(token: string): Promise<SharedReport | null> {
  const runId = await runIdForToken(token);
  const run = runId ? await findRunView(runId) : null;
  if (!run) return null;
  const expertIds = [...new Set(run.answers.flatMap((a) => (a.role === 'panel' && a.expertId ? [a.expertId] : [])))];
  const weightHistory = expertIds.length ? await listWeightHistory(expertIds) : [];
  return withoutIds({ run, weightHistory });
}

export function withoutIds(report: SharedReport): SharedReport {
  const aliases = new Map<string, string>([[report.run.id, SHARED_RUN_ALIAS]]);
  report.run.answers.forEach((a, i) => {
    aliases.set(a.id, `answer-${i + 1}`);
    if (a.expertId && !aliases.has(a.expertId)) aliases.set(a.expertId, `expert-${aliases.size}`);
  });
  // Weight events of answers in other runs (the same experts' history) point nowhere here.
  const weightHistory = report.weightHistory.map((p) => ({ ...p, answerId: p.answerId && aliases.has(p.answerId) ? p.answerId : null }));
  const pattern = new RegExp([...aliases.keys()].map(escapeRegExp).join('|'), 'g');
  const json = JSON.stringify({ run: report.run, weightHistory }).replace(pattern, (id) => aliases.get(id)!);
  return JSON.parse(json) as SharedReport;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
