import type { ConsensusResult, VerifiedMap } from '../core/types';
import type { ProviderKind } from '../providers/types';

/** What the browser sees of runs. Shared by the routers, the event stream and the UI. */

export type AnswerStatus = 'queued' | 'streaming' | 'done' | 'failed' | 'cancelled' | 'interrupted';
/**
 * done: every panel answer finished; partial: some failed ("partly failed"); failed: none
 * finished. Stored as such since they exist; older `done` rows are derived again (runs/status.ts).
 */
export type RunStatus = 'running' | 'done' | 'partial' | 'failed' | 'cancelled' | 'interrupted';
export type { ProviderKind };

export interface AnswerView {
  id: string;
  expertId: string | null;
  expertName: string;
  provider: ProviderKind;
  model: string;
  simulated: boolean;
  /** 'panel' answers the question; 'analyst' maps the answers' claims (JSON); 'chair' writes the synthesis. */
  role: AnswerRole;
  status: AnswerStatus;
  text: string;
  errorKind: string | null;
  errorMessage: string | null;
  attempts: number;
  ttftMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  weightAtRun: number;
  rating: number | null;
  best: boolean;
}

export type AnswerRole = 'panel' | 'analyst' | 'chair';

/** The model that analysed the panel. */
export interface AnalystRef {
  expertName: string;
  provider: ProviderKind;
  model: string;
}

/**
 * How the consensus was produced. Absent or null: estimated by the offline engine
 * without an analyst (none configured). `verified`: the analyst's map, every quote
 * checked by the core; the consensus' own fields (majority, bottom lines, shared
 * recommendations...) are then the map's. `failed`: the offline estimate stands, and
 * `reason` says why the analyst's map does not.
 */
export type ConsensusAnalysis =
  | { state: 'running'; analyst: AnalystRef }
  | { state: 'failed'; analyst: AnalystRef; reason: string }
  | {
      state: 'verified';
      analyst: AnalystRef;
      map: VerifiedMap;
      /** The letters of the analyst's prompt, in prompt order (shuffled per run). */
      labels: { label: string; expertId: string }[];
      /** The bias controls that were on, as stated in the report. */
      biasControls: string[];
    };

/** The consensus of a run; `expertOrder` names the experts in the similarity matrix's row order. */
export type RunConsensus = ConsensusResult & { expertOrder: string[]; analysis?: ConsensusAnalysis | null };

export interface RunView {
  id: string;
  question: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  answers: AnswerView[];
  consensus: RunConsensus | null;
  /**
   * Phrases of the question that try to instruct the models (the core's prompt-injection
   * findings). They are flagged, not removed; derived again from the stored question.
   */
  injections?: string[];
}

export interface RunSummary {
  id: string;
  question: string;
  status: RunStatus;
  createdAt: string;
  expertCount: number;
  consensusConfidence: number | null;
}

/**
 * One event of a run's stream. `seq` is the per-run sequence number used as
 * the tracked SSE id; a subscriber resuming with lastEventId gets every event
 * after it, or a fresh snapshot when those are no longer in memory.
 */
export type RunEvent =
  | { type: 'snapshot'; run: RunView }
  /** `offset` is where `text` starts in the answer: lets a client ignore a delta it already has. */
  | { type: 'token'; answerId: string; offset: number; text: string }
  | { type: 'status'; answer: Omit<AnswerView, 'text'> & { textLength: number } }
  | { type: 'consensus'; consensus: RunConsensus }
  | { type: 'done'; status: RunStatus; finishedAt: string };
