import type { AnswerView } from './types';

/**
 * A run's total cost: the panel's answers, the analyst's and the chair's, where
 * known. Shared by the run page and the reports so both say the same figure.
 * An unknown cost is never summed as $0: the total then says "at least".
 */
export interface RunCost {
  /** The sum of the known costs, in US dollars. */
  knownUsd: number;
  /** Answers that were asked but whose cost is not known (no price for the model, no usage, still streaming). */
  unknownAnswers: number;
  /** Every answer that was asked is simulated: nothing was paid. */
  simulated: boolean;
  /** "$0.0123", "at least $0.0123", "simulated, no cost", "unknown". */
  label: string;
}

type CostFields = Pick<AnswerView, 'costUsd' | 'simulated' | 'attempts' | 'status'>;

/** An answer never sent to a provider (still queued, or skipped) cost nothing rather than something unknown. */
const wasAsked = (a: CostFields) => a.costUsd !== null || a.attempts > 0 || a.status === 'streaming';

/** Dollars as the per-answer costs are shown: four decimals below a cent. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function runCost(answers: readonly CostFields[]): RunCost {
  const asked = answers.filter(wasAsked);
  const knownUsd = asked.reduce((sum, a) => sum + (a.costUsd ?? 0), 0);
  const unknownAnswers = asked.filter((a) => a.costUsd === null).length;
  // Judged on every answer, not only the asked ones: a simulated run is free from its first moment.
  const simulated = answers.length > 0 && answers.every((a) => a.simulated);
  let label: string;
  if (simulated) label = 'simulated, no cost';
  else if (asked.length > 0 && unknownAnswers === asked.length) label = 'unknown';
  else if (unknownAnswers > 0) label = `at least ${formatUsd(knownUsd)}`;
  else label = formatUsd(knownUsd);
  return { knownUsd, unknownAnswers, simulated, label };
}
