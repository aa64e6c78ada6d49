import type { AnswerStanding, Camp, DroppedAttribution, GroundingStats, VerifiedClaim } from '../core/types';
import { analysisNote, groundingNote } from '../runs/consensus';
import { statusLabel } from '../runs/status';
import { runCost, type RunCost } from '../runs/cost';
import type { AnalystRef, AnswerView, RunConsensus, RunStatus, RunView } from '../runs/types';

/**
 * The report of a run: what the share page, the Markdown and JSON downloads
 * and the Drive export all render. The JSON keeps every number (similarity,
 * clusters, weights at the time, timings, model ids) so a run can be
 * reproduced and compared.
 */
export interface RunReport {
  format: 'circle-of-experts/report';
  version: 1;
  runId: string;
  question: string;
  status: RunStatus;
  /** The status in words, as the run page says it ("partly failed"). */
  statusLabel: string;
  /** Phrases of the question that try to instruct the models (flagged, not removed). */
  injections: string[];
  createdAt: string;
  finishedAt: string | null;
  experts: ReportExpert[];
  consensus: RunConsensus | null;
  /** How the consensus was produced, with the analyst's verified map when there is one; null without a consensus. */
  analysis: ReportAnalysis | null;
  synthesis: ReportExpert | null;
  /** The analyst's own answer (its raw structured output), when an analyst was asked. */
  analyst: ReportExpert | null;
  /** The panel's, the analyst's and the chair's costs together; `unknownAnswers` > 0 means the sum is a lower bound. */
  totalCost: RunCost;
}

/** The method and, when verified, the map: the same figures the run page shows. */
export interface ReportAnalysis {
  /** "Verified by <model>, 14 of 15 attributions grounded", "Estimated without an analyst", ... (analysisNote). */
  method: string;
  state: 'none' | 'running' | 'failed' | 'verified';
  analyst: AnalystRef | null;
  /** Why the analyst's map does not stand (failed). */
  reason: string | null;
  grounding: (GroundingStats & { note: string }) | null;
  claims: VerifiedClaim[];
  camps: Camp[];
  dropped: DroppedAttribution[];
  standings: AnswerStanding[];
  biasControls: string[];
  /** The letters of the analyst's prompt, in prompt order. */
  labels: { label: string; expertId: string }[];
}

export function reportAnalysis(c: Pick<RunConsensus, 'analysis'>): ReportAnalysis {
  const a = c.analysis ?? null;
  const verified = a?.state === 'verified' ? a : null;
  return {
    method: analysisNote(c),
    state: a ? a.state : 'none',
    analyst: a ? a.analyst : null,
    reason: a?.state === 'failed' ? a.reason : null,
    grounding: verified ? { ...verified.map.grounding, note: groundingNote(verified.map.grounding) } : null,
    claims: verified?.map.claims ?? [],
    camps: verified?.map.camps ?? [],
    dropped: verified?.map.dropped ?? [],
    standings: verified?.map.standings ?? [],
    biasControls: verified?.biasControls ?? [],
    labels: verified?.labels ?? [],
  };
}

export interface ReportExpert {
  name: string;
  provider: string;
  model: string;
  simulated: boolean;
  status: AnswerView['status'];
  text: string;
  error: string | null;
  weightAtRun: number;
  rating: 'up' | 'down' | null;
  best: boolean;
  timings: { ttftMs: number | null; totalMs: number | null };
  tokens: { input: number | null; output: number | null };
  costUsd: number | null;
}

function toReportExpert(a: AnswerView): ReportExpert {
  return {
    name: a.expertName,
    provider: a.provider,
    model: a.model,
    simulated: a.simulated,
    status: a.status,
    text: a.text,
    error: a.errorMessage,
    weightAtRun: a.weightAtRun,
    rating: a.rating === 1 ? 'up' : a.rating === -1 ? 'down' : null,
    best: a.best,
    timings: { ttftMs: a.ttftMs, totalMs: a.totalMs },
    tokens: { input: a.inputTokens, output: a.outputTokens },
    costUsd: a.costUsd,
  };
}

export function buildReport(run: RunView): RunReport {
  const panel = run.answers.filter((a) => a.role === 'panel');
  const chair = run.answers.find((a) => a.role === 'chair');
  const analyst = run.answers.find((a) => a.role === 'analyst');
  return {
    format: 'circle-of-experts/report',
    version: 1,
    runId: run.id,
    question: run.question,
    status: run.status,
    statusLabel: statusLabel(run.status),
    injections: run.injections ?? [],
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    experts: panel.map(toReportExpert),
    consensus: run.consensus,
    analysis: run.consensus ? reportAnalysis(run.consensus) : null,
    synthesis: chair ? toReportExpert(chair) : null,
    analyst: analyst ? toReportExpert(analyst) : null,
    totalCost: runCost(run.answers),
  };
}
