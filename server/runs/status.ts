import type { AnswerStatus, RunStatus } from './types';

/**
 * The status a run states, from its panel's answers. Pure: the browser imports it too.
 *
 * A run that ended normally is `done` only when every panel answer finished; `partial`
 * ("partly failed") when some did and some did not; `failed` when none did. Cancelled and
 * interrupted runs keep those words. Runs stored before these statuses existed say `done`
 * whatever happened: read back, a stored `done` is derived again from the answers, so old
 * runs tell the truth too without rewriting them.
 */
export function outcomeOf(panel: readonly AnswerStatus[]): 'done' | 'partial' | 'failed' {
  if (panel.length === 0) return 'done';
  const finished = panel.filter((s) => s === 'done').length;
  if (finished === panel.length) return 'done';
  return finished === 0 ? 'failed' : 'partial';
}

const STORED = new Set<RunStatus>(['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted']);

/** A stored run status as the reader sees it (see outcomeOf for old `done` rows). */
export function truthfulStatus(stored: string, panel: readonly AnswerStatus[]): RunStatus {
  const status: RunStatus = STORED.has(stored as RunStatus) ? (stored as RunStatus) : 'done';
  return status === 'done' ? outcomeOf(panel) : status;
}

/** The words for a status, the same on the run page, in History and in the exports. */
export function statusLabel(status: RunStatus | AnswerStatus): string {
  return status === 'partial' ? 'partly failed' : status;
}

/** The note shown near a question with phrases that try to instruct the models. */
export function injectionNote(phrases: readonly string[]): string {
  return `This question contains phrases that try to instruct the models: ${phrases.map((p) => `“${p}”`).join(', ')}. They were flagged, not removed: the experts read them as part of the question.`;
}
