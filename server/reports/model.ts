import type { AnswerView, RunConsensus, RunStatus, RunView } from '../runs/types';

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
  createdAt: string;
  finishedAt: string | null;
  experts: ReportExpert[];
  consensus: RunConsensus | null;
  synthesis: ReportExpert | null;
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
  return {
    format: 'circle-of-experts/report',
    version: 1,
    runId: run.id,
    question: run.question,
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    experts: panel.map(toReportExpert),
    consensus: run.consensus,
    synthesis: chair ? toReportExpert(chair) : null,
  };
}
