import { calculateConsensus, analyzeQuery } from '../core';
import type { ExpertResponse, QueryFinding } from '../core/types';
import { listExperts, type ExpertRow } from '../db/repositories/experts';
import { createRun, finishRun, findRunView, reopenRun, updateAnswer, type AnswerPatch } from '../db/repositories/runs';
import { findExpert } from '../db/repositories/experts';
import { outcomeOf } from './status';
import { phrasesOf } from './injections';
import { env } from '../env';
import { DomainError, invalidInput, notFound } from '../errors';
import { newId } from '../db/ids';
import { isSimulatorMode, resolveConnection, type ProviderConnection } from '../experts/connection';
import { ProviderError } from '../providers/errors';
import { streamWithPolicy, type StreamPolicy } from '../providers/policy';
import { maxTokensFor } from '../http/limits';
import { estimateCostUsd } from '../providers/pricing';
import { nudgeWeightsByAgreement } from '../experts/ratings';
import { assertCanStartRun } from '../quotas';
import { buildSynthesisPrompt, CHAIR_INSTRUCTIONS, resolveChair } from './chair';
import { normalizeConsensus, withVerifiedMap } from './consensus';
import { resolveAnalyst } from '../analyst/settings';
import { ANALYST_INSTRUCTIONS, BIAS_CONTROLS, buildAnalystPrompt } from '../analyst/prompt';
import { ANALYST_OUTPUT } from '../analyst/schema';
import { verifyAnalysis } from '../analyst/verify';
import type { StructuredOutput } from '../providers/types';
import { RunEventHub, type SequencedEvent } from './events';
import type { AnalystRef, AnswerRole, AnswerView, ProviderKind, RunConsensus, RunEvent, RunStatus, RunView } from './types';

/**
 * Owns the life of a run: starts every expert at once, applies the one retry
 * policy and the deadlines (server/providers/policy), saves text as it streams,
 * recomputes the consensus (throttled), and finishes or cancels. It knows
 * nothing of HTTP or React: routers call it, the event hub carries its output.
 */

/** Text is written to the database at least this often while it streams: a crash loses at most this much. */
const PERSIST_INTERVAL_MS = 750;
/** Live consensus is recomputed at most this often. */
const CONSENSUS_INTERVAL_MS = 400;
/**
 * After an answer's first token (sent at once), its tokens are sent in batches
 * at most this often: far fewer events under load, imperceptible on screen.
 */
const TOKEN_BATCH_MS = 20;
/** A finished run stays in memory this long so late subscribers resume from the buffer. */
const RETAIN_AFTER_DONE_MS = 60_000;

interface LiveAnswer {
  view: AnswerView;
  /** Null for the answers a retry does not ask again (they only keep their stored view). */
  expert: Pick<ExpertRow, 'systemPrompt' | 'temperature' | 'maxTokens'> | null;
  connection: ProviderConnection | null;
  /** Length of text already written to the database. */
  savedLength: number;
  /** Text received but not yet sent to subscribers (see TOKEN_BATCH_MS). */
  pendingText: string;
  /** Serialises this answer's writes so a late flush can never overwrite newer text. */
  writes: Promise<void>;
}

interface LiveRun {
  id: string;
  /** The account that asked: only it may read, follow or cancel the run. */
  userId: string;
  question: string;
  /** Phrases of the question that try to instruct the models (flagged, not removed). */
  injections: string[];
  status: RunStatus;
  createdAt: Date;
  finishedAt: Date | null;
  controller: AbortController;
  answers: LiveAnswer[];
  consensus: RunConsensus | null;
  consensusTimer: NodeJS.Timeout | null;
  lastConsensusAt: number;
  /** Set when the final consensus is being computed: a live computation still in flight must not overwrite it. */
  consensusFinal: boolean;
  /** The analyst's deadline, when the run has an analyst. */
  analystDeadlineMs: number | null;
  flushTimer: NodeJS.Timeout;
  tokenTimer: NodeJS.Timeout | null;
}

/** Who starts a run, with their quota overrides (a SessionUser is one). */
export interface RunOwner {
  id: string;
  runsPerMinute: number | null;
  dailyBudgetUsd: number | null;
}

export interface StartRunInput {
  question: string;
  expertIds?: string[] | undefined;
  owner: RunOwner;
}

export interface StartedRun {
  id: string;
  /** Secrets and personal data removed from the question before it was sent or stored. */
  redactions: QueryFinding[];
}

export class Orchestrator {
  private readonly runs = new Map<string, LiveRun>();
  readonly hub = new RunEventHub();
  /** Runs admitted by the quota check but not yet in `runs`, per user: they count as running. */
  private readonly admitted = new Map<string, number>();
  /** Quota checks run one at a time, so two simultaneous starts cannot both take the last slot. */
  private admission: Promise<unknown> = Promise.resolve();

  policy(): StreamPolicy {
    const e = env();
    return {
      maxAttempts: e.CIRCLE_MAX_ATTEMPTS,
      ttftTimeoutMs: e.CIRCLE_TTFT_TIMEOUT_MS,
      stallTimeoutMs: e.CIRCLE_STALL_TIMEOUT_MS,
      retryAfterCapMs: 20_000,
      backoffBaseMs: 400,
    };
  }

  /** Validates the panel, stores the run, starts every expert and returns at once. */
  async start(input: StartRunInput): Promise<StartedRun> {
    const simulatorMode = await isSimulatorMode();
    const panel = await this.pickPanel(input.expertIds, simulatorMode);
    const chair = await resolveChair(simulatorMode);
    const analyst = await resolveAnalyst(simulatorMode);
    const roles: AnswerRole[] = [...panel.map(() => 'panel' as const), ...(analyst ? ['analyst' as const] : []), ...(chair ? ['chair' as const] : [])];
    const experts = [...panel, ...(analyst ? [analyst.expert] : []), ...(chair ? [chair] : [])];
    await this.admit(input.owner, experts, input.question);
    try {
      return await this.launch(input, experts, roles, analyst?.deadlineMs ?? null);
    } finally {
      this.release(input.owner.id);
    }
  }

  /** Runs going on now (admitted ones included), for one user or for the whole server. */
  activeRunCount(userId?: string): number {
    let count = 0;
    for (const run of this.runs.values()) if (run.status === 'running' && (userId === undefined || run.userId === userId)) count++;
    if (userId !== undefined) return count + (this.admitted.get(userId) ?? 0);
    for (const n of this.admitted.values()) count += n;
    return count;
  }

  /** The quota rules (server/quotas); throws RATE_LIMITED or FORBIDDEN, else holds a slot. */
  private admit(owner: RunOwner, experts: ExpertRow[], question: string): Promise<void> {
    const turn = this.admission.then(async () => {
      await assertCanStartRun({
        userId: owner.id,
        overrides: { runsPerMinute: owner.runsPerMinute, dailyBudgetUsd: owner.dailyBudgetUsd },
        experts: experts.map((e) => ({ ...e, provider: e.provider as ProviderKind })),
        question,
        runningForUser: this.activeRunCount(owner.id),
        runningTotal: this.activeRunCount(),
      });
      this.admitted.set(owner.id, (this.admitted.get(owner.id) ?? 0) + 1);
    });
    this.admission = turn.catch(() => undefined);
    return turn;
  }

  private release(userId: string): void {
    const left = (this.admitted.get(userId) ?? 1) - 1;
    if (left > 0) this.admitted.set(userId, left);
    else this.admitted.delete(userId);
  }

  private async launch(input: StartRunInput, experts: ExpertRow[], roles: AnswerRole[], analystDeadlineMs: number | null): Promise<StartedRun> {
    // Resolve every connection first: a missing key fails the request before anything is stored.
    const connections = await Promise.all(experts.map((e) => resolveConnection(e)));
    const analysis = await analyzeQuery(input.question);
    const question = analysis.sanitized;

    // Ids are made here so the upstream requests start now, while the rows are inserted:
    // the insert's latency never adds to the time to first token.
    const rows = experts.map((e, i) => ({
      id: newId(),
      expertId: e.id,
      expertName: e.name,
      provider: e.provider as ProviderKind,
      model: e.model,
      simulated: e.simulated,
      role: roles[i]!,
      weightAtRun: e.weightAlpha / (e.weightAlpha + e.weightBeta),
    }));
    const runId = newId();
    const createdAt = new Date();
    const inserted = createRun(question, rows, { runId, createdAt, userId: input.owner.id }).then(() => undefined);

    const run: LiveRun = {
      id: runId,
      userId: input.owner.id,
      question,
      injections: phrasesOf(input.question, analysis.findings),
      status: 'running',
      createdAt,
      finishedAt: null,
      controller: new AbortController(),
      answers: rows.map((row, i) => ({
        view: {
          id: row.id,
          expertId: row.expertId,
          expertName: row.expertName,
          provider: row.provider,
          model: row.model,
          simulated: row.simulated,
          role: row.role,
          status: 'queued',
          ...CLEARED_VIEW,
          weightAtRun: row.weightAtRun,
          rating: null,
          best: false,
        },
        expert: experts[i]!,
        connection: connections[i]!,
        savedLength: 0,
        pendingText: '',
        // Every write of an answer waits for its row.
        writes: inserted.catch(() => undefined),
      })),
      consensus: null,
      consensusTimer: null,
      lastConsensusAt: 0,
      consensusFinal: false,
      analystDeadlineMs,
      flushTimer: setInterval(() => this.flushText(run), PERSIST_INTERVAL_MS),
      tokenTimer: null,
    };
    run.flushTimer.unref();
    this.runs.set(run.id, run);
    this.hub.open(run.id);
    this.drive(run).catch((error: unknown) => console.error(`[run ${run.id}] failed unexpectedly:`, describe(error)));

    try {
      await inserted;
    } catch (error) {
      // Nothing can be kept without the run's row: stop the experts and say so.
      run.controller.abort();
      this.runs.delete(run.id);
      console.error(`[run ${run.id}] could not be stored:`, describe(error));
      throw new DomainError('UPSTREAM', 'The run could not be saved to the database, so it was stopped. Try again.');
    }
    return { id: run.id, redactions: analysis.findings.filter((f) => f.redacted) };
  }

  /** Runs whose retry is being set up: a second press of Retry must not start another. */
  private readonly retrying = new Set<string>();

  /**
   * Asks a failed panel answer's expert again, in the same run and the same card: the run is
   * running again while it streams (through its event stream, with the same retry policy and
   * deadlines), then the final consensus is recomputed and stored and the run's status says what
   * is true now. The quota rules apply as on start, counting only the experts asked again. A
   * synthesis that was written stands (it read the earlier answers); one that was never written,
   * because no expert had answered, is written now. Agreement nudges are not applied again.
   */
  async retryAnswer(runId: string, answerId: string, owner: RunOwner): Promise<{ runId: string; answerId: string }> {
    const stillRunning = () => new DomainError('CONFLICT', 'The run is still running: wait for it to finish before retrying an answer.');
    if (this.runs.get(runId)?.status === 'running' || this.retrying.has(runId)) throw stillRunning();
    this.retrying.add(runId);
    try {
      const stored = await findRunView(runId);
      if (!stored) throw notFound('That run');
      if (stored.status === 'running') throw stillRunning();
      const target = stored.answers.find((a) => a.id === answerId);
      if (!target) throw notFound('That answer');
      if (target.role !== 'panel') throw invalidInput('Only an expert of the panel can be asked again.');
      if (target.status !== 'failed') throw new DomainError('CONFLICT', `${target.expertName}'s answer did not fail: only a failed answer can be retried.`);
      const expert = target.expertId ? await findExpert(target.expertId) : null;
      if (!expert || expert.deletedAt) throw new DomainError('CONFLICT', `${target.expertName} was deleted, so it cannot be asked again.`);
      const connection = await resolveConnection(expert);

      // The synthesis is written now only when there is none yet and its chair still exists.
      const chairView = stored.answers.find((a) => a.role === 'chair' && a.status !== 'done');
      const chairExpert = chairView?.expertId ? await findExpert(chairView.expertId) : null;
      const chair = chairView && chairExpert && !chairExpert.deletedAt ? { view: chairView, expert: chairExpert, connection: await resolveConnection(chairExpert).catch(() => null) } : null;
      const asked = [expert, ...(chair?.connection ? [chair.expert] : [])];

      await this.admit(owner, asked, stored.question);
      try {
        await reopenRun(runId);
        await updateAnswer(answerId, { ...CLEARED, status: 'queued' });
        this.relaunch(stored, owner.id, { id: answerId, expert, connection }, chair?.connection ? { id: chair.view.id, expert: chair.expert, connection: chair.connection } : null);
      } finally {
        this.release(owner.id);
      }
      return { runId, answerId };
    } finally {
      this.retrying.delete(runId);
    }
  }

  private relaunch(
    stored: RunView,
    userId: string,
    target: { id: string; expert: ExpertRow; connection: ProviderConnection },
    chair: { id: string; expert: ExpertRow; connection: ProviderConnection } | null,
  ): void {
    const asked = new Map([[target.id, target], ...(chair ? [[chair.id, chair] as const] : [])]);
    const run: LiveRun = {
      id: stored.id,
      userId,
      question: stored.question,
      injections: stored.injections ?? [],
      status: 'running',
      createdAt: new Date(stored.createdAt),
      finishedAt: null,
      controller: new AbortController(),
      answers: stored.answers.map((view) => {
        const again = asked.get(view.id);
        return {
          // The chair's card keeps what it said until it is asked (after the retried answer).
          view: view.id === target.id ? { ...view, ...CLEARED_VIEW, status: 'queued' } : { ...view },
          expert: again?.expert ?? null,
          connection: again?.connection ?? null,
          savedLength: again ? 0 : view.text.length,
          pendingText: '',
          writes: Promise.resolve(),
        };
      }),
      consensus: stored.consensus,
      consensusTimer: null,
      lastConsensusAt: 0,
      consensusFinal: false,
      analystDeadlineMs: null,
      flushTimer: setInterval(() => this.flushText(run), PERSIST_INTERVAL_MS),
      tokenTimer: null,
    };
    run.flushTimer.unref();
    this.runs.set(run.id, run);
    this.hub.open(run.id);
    this.driveRetry(run, target.id, chair?.id ?? null).catch((error: unknown) => console.error(`[run ${run.id}] retry failed unexpectedly:`, describe(error)));
  }

  private async driveRetry(run: LiveRun, answerId: string, chairId: string | null): Promise<void> {
    const answer = run.answers.find((a) => a.view.id === answerId)!;
    const panel = run.answers.filter((a) => a.view.role === 'panel');
    const before = run.consensus?.analysis ?? null;
    await this.streamAnswer(run, answer, run.question, { system: answer.expert?.systemPrompt ?? null });
    if (run.consensusTimer) clearTimeout(run.consensusTimer);
    run.consensusTimer = null;
    run.consensusFinal = true;

    const estimate = await this.computeConsensus(run, true);
    // The analyst's map read the answers before the retry: it no longer covers them all.
    const reason = `was not asked again after ${answer.view.expertName}'s answer was retried, so the estimate stands`;
    run.consensus = estimate && before ? { ...estimate, analysis: { state: 'failed', analyst: before.analyst, reason } } : estimate;
    if (run.consensus) this.publish(run, { type: 'consensus', consensus: run.consensus });

    const chair = chairId ? run.answers.find((a) => a.view.id === chairId) : undefined;
    if (chair && !run.controller.signal.aborted && answer.view.status === 'done') {
      Object.assign(chair.view, CLEARED_VIEW, { status: 'queued' });
      this.save(chair, { ...CLEARED, status: 'queued' });
      await this.synthesise(run, chair, panel);
    }
    clearInterval(run.flushTimer);

    const status: RunStatus = run.controller.signal.aborted ? 'cancelled' : outcomeOf(panel.map((a) => a.view.status));
    await this.conclude(run, status);
  }

  /** Aborts every upstream request of a live run. What arrived is kept and marked cancelled. */
  async cancel(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run) {
      if (run.status === 'running') run.controller.abort();
      return;
    }
    if (!(await findRunView(runId))) throw notFound('That run');
    // A finished run: nothing to cancel, and that is not an error for the person pressing the button.
  }

  /** The run as it is now: from memory while it runs, else from the database (which then also holds ratings). */
  async view(runId: string): Promise<RunView> {
    const run = this.runs.get(runId);
    if (run?.status === 'running') return this.snapshot(run);
    const stored = await findRunView(runId);
    if (!stored) throw notFound('That run');
    return stored;
  }

  /**
   * The run's events after `lastEventId`. Live runs replay from the buffer (or
   * start with a snapshot); finished runs send their stored state and `done`.
   */
  async *events(runId: string, lastEventId: string | undefined, signal: AbortSignal | undefined): AsyncGenerator<SequencedEvent> {
    const run = this.runs.get(runId);
    const lastSeq = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
    // A finished run is resumed from the buffer (the tail a client missed), otherwise read from the database.
    if (run && this.hub.has(runId) && (run.status === 'running' || lastSeq !== undefined)) {
      yield* this.hub.subscribe(runId, lastSeq, () => ({ type: 'snapshot', run: this.snapshot(run) }), signal);
      return;
    }
    const stored = await findRunView(runId);
    if (!stored) throw notFound('That run');
    yield { seq: 0, event: { type: 'snapshot', run: stored } };
    if (stored.status !== 'running') {
      yield { seq: 0, event: { type: 'done', status: stored.status, finishedAt: stored.finishedAt ?? stored.createdAt } };
    }
  }

  private async pickPanel(expertIds: string[] | undefined, simulated: boolean): Promise<ExpertRow[]> {
    if (!expertIds) {
      const panel = (await listExperts(simulated)).filter((e) => e.enabled);
      if (panel.length === 0) throw invalidInput('The panel is empty: enable at least one expert on the settings page.');
      return panel;
    }
    if (expertIds.length === 0) throw invalidInput('Pick at least one expert for the panel.');
    if (new Set(expertIds).size !== expertIds.length) throw invalidInput('The panel lists an expert twice.');
    // Only live experts of the current panel kind can be picked.
    const found = new Map((await listExperts(simulated)).map((e) => [e.id, e]));
    return expertIds.map((id) => {
      const expert = found.get(id);
      if (!expert) throw invalidInput(`Unknown expert: ${id}.`);
      if (!expert.enabled) throw invalidInput(`${expert.name} is disabled: enable it on the settings page first.`);
      return expert;
    });
  }

  private async drive(run: LiveRun): Promise<void> {
    const panel = run.answers.filter((a) => a.view.role === 'panel');
    await Promise.all(panel.map((answer) => this.streamAnswer(run, answer, run.question, { system: answer.expert?.systemPrompt ?? null })));
    if (run.consensusTimer) clearTimeout(run.consensusTimer);
    run.consensusTimer = null;
    run.consensusFinal = true;

    run.consensus = await this.computeConsensus(run, true);
    if (run.consensus) this.publish(run, { type: 'consensus', consensus: run.consensus });

    const analyst = run.answers.find((a) => a.view.role === 'analyst');
    if (analyst) await this.analyse(run, analyst, panel);

    const chair = run.answers.find((a) => a.view.role === 'chair');
    if (chair) await this.synthesise(run, chair, panel);
    clearInterval(run.flushTimer);

    const cancelled = run.controller.signal.aborted;
    // done only when every panel answer finished: partial when some failed, failed when none finished.
    const status: RunStatus = cancelled ? 'cancelled' : outcomeOf(panel.map((a) => a.view.status));
    if (run.consensus && !cancelled) {
      await nudgeWeightsByAgreement(run.consensus, panel.map((a) => ({ id: a.view.id, expertId: a.view.expertId, expertName: a.view.expertName }))).catch((error: unknown) =>
        console.error(`[run ${run.id}] agreement nudge failed:`, describe(error)),
      );
    }
    await this.conclude(run, status);
  }

  /** Stores the run's end (after every pending write of its answers), then tells the subscribers and closes the stream. */
  private async conclude(run: LiveRun, status: RunStatus): Promise<void> {
    try {
      await Promise.all(run.answers.map((a) => a.writes));
      run.finishedAt = await finishRun(run.id, status, run.consensus);
    } catch (error) {
      console.error(`[run ${run.id}] could not store the end of the run:`, describe(error));
      run.finishedAt = new Date();
    }
    // Only now, with the database final, does the run stop being "running": readers switch to the database.
    run.status = status;
    this.publish(run, { type: 'done', status, finishedAt: run.finishedAt.toISOString() });
    this.hub.close(run.id);
    this.retire(run);
  }

  /** Forgets a finished run after a while, unless a retry has replaced it since. */
  private retire(run: LiveRun): void {
    setTimeout(() => {
      if (this.runs.get(run.id) === run) this.runs.delete(run.id);
    }, RETAIN_AFTER_DONE_MS).unref();
  }

  /**
   * The analyst reads the finished answers (anonymous, shuffled) and maps their claims; the
   * core checks every quote, and the verified map replaces the offline estimate. Whatever
   * goes wrong, the estimate stands and the consensus says why.
   */
  private async analyse(run: LiveRun, analyst: LiveAnswer, panel: LiveAnswer[]): Promise<void> {
    const finished = panel.filter((a) => a.view.status === 'done' && a.view.text.trim());
    const ref: AnalystRef = { expertName: analyst.view.expertName, provider: analyst.view.provider, model: analyst.view.model };
    const estimate = run.consensus;
    if (run.controller.signal.aborted || finished.length < 2 || !estimate) {
      const cancelled = run.controller.signal.aborted;
      const reason = cancelled ? 'was not asked: the run was cancelled' : 'was not asked: fewer than two experts answered, so there is nothing to compare';
      this.skip(run, analyst, cancelled ? 'cancelled' : 'no_answers', cancelled ? 'Cancelled.' : 'Fewer than two experts answered, so there is nothing to analyse.');
      if (estimate) this.setConsensus(run, { ...estimate, analysis: { state: 'failed', analyst: ref, reason } });
      return;
    }
    this.setConsensus(run, { ...estimate, analysis: { state: 'running', analyst: ref } });
    const { labels, prompt } = buildAnalystPrompt(
      run.question,
      finished.map((a) => ({ expertId: a.view.expertName, text: a.view.text })),
    );
    const deadlineMs = run.analystDeadlineMs ?? 90_000;
    let structured: StructuredOutput = ANALYST_OUTPUT;
    await this.streamAnswer(run, analyst, prompt, { system: ANALYST_INSTRUCTIONS, structured, deadlineMs });
    // An endpoint (or older model) without schema support refuses response_format: ask again for plain JSON.
    const openaiWire = analyst.view.provider === 'openai' || analyst.view.provider === 'openai_compatible';
    if (analyst.view.status === 'failed' && analyst.view.errorKind === 'bad_request' && openaiWire) {
      structured = { ...ANALYST_OUTPUT, mode: 'text' };
      Object.assign(analyst.view, { text: '', errorKind: null, errorMessage: null, ttftMs: null });
      await this.streamAnswer(run, analyst, prompt, { system: ANALYST_INSTRUCTIONS, structured, deadlineMs });
    }

    let reason: string;
    if (analyst.view.status === 'done') {
      try {
        const answers = finished.map((a) => ({ expertId: a.view.expertName, text: a.view.text, weight: a.view.weightAtRun }));
        const map = await verifyAnalysis(analyst.view.text, labels, answers, panel.length);
        this.setConsensus(run, withVerifiedMap(estimate, { analyst: ref, map, labels, biasControls: BIAS_CONTROLS }));
        return;
      } catch (error) {
        reason = error instanceof Error && 'reason' in error ? String(error.reason) : 'returned output that could not be checked';
        if (!(error instanceof Error && 'reason' in error)) console.error(`[run ${run.id}] analysis failed:`, describe(error));
      }
    } else if (analyst.view.status === 'cancelled') {
      reason = 'was stopped: the run was cancelled';
    } else if (analyst.view.errorKind === 'deadline') {
      reason = `did not finish within its deadline of ${Math.round(deadlineMs / 1000)} s`;
    } else {
      reason = `failed: ${analyst.view.errorMessage ?? 'unknown error'}`;
    }
    this.setConsensus(run, { ...estimate, analysis: { state: 'failed', analyst: ref, reason } });
  }

  /** The chair answers last, from the finished answers and the consensus; skipped when there is nothing to synthesise. */
  private async synthesise(run: LiveRun, chair: LiveAnswer, panel: LiveAnswer[]): Promise<void> {
    const finished = panel.filter((a) => a.view.status === 'done' && a.view.text.trim());
    if (run.controller.signal.aborted || finished.length === 0) {
      const cancelled = run.controller.signal.aborted;
      this.skip(run, chair, cancelled ? 'cancelled' : 'no_answers', cancelled ? 'Cancelled.' : 'No expert finished an answer, so there is nothing to synthesise.');
      return;
    }
    const prompt = buildSynthesisPrompt(run.question, finished.map((a) => ({ name: a.view.expertName, text: a.view.text })), run.consensus);
    const system = [CHAIR_INSTRUCTIONS, chair.expert?.systemPrompt].filter(Boolean).join('\n\n');
    await this.streamAnswer(run, chair, prompt, { system });
  }

  /** Ends an answer that is not asked for at all (cancelled run, nothing to work from). */
  private skip(run: LiveRun, answer: LiveAnswer, errorKind: 'cancelled' | 'no_answers', errorMessage: string): void {
    Object.assign(answer.view, { status: errorKind === 'cancelled' ? 'cancelled' : 'failed', errorKind, errorMessage });
    this.publishStatus(run, answer);
    this.save(answer, { status: answer.view.status, errorKind, errorMessage, finishedAt: new Date() });
  }

  private setConsensus(run: LiveRun, consensus: RunConsensus): void {
    run.consensus = consensus;
    this.publish(run, { type: 'consensus', consensus });
  }

  private async streamAnswer(
    run: LiveRun,
    answer: LiveAnswer,
    question: string,
    options: { system: string | null; structured?: StructuredOutput; deadlineMs?: number },
  ): Promise<void> {
    const { system, structured, deadlineMs } = options;
    if (!answer.expert || !answer.connection) throw new Error(`answer ${answer.view.id} has no expert to ask`);
    const { expert, connection } = answer;
    const deadline = deadlineMs === undefined ? null : AbortSignal.timeout(deadlineMs);
    const signal = deadline ? AbortSignal.any([run.controller.signal, deadline]) : run.controller.signal;
    const view = answer.view;
    const started = performance.now();
    const startedAt = new Date();
    view.status = 'streaming';
    this.publishStatus(run, answer);
    // No write here: it would sit on the path to every expert's first token. Text is
    // flushed as it streams, status and startedAt with the final write; a crash
    // before then is recovered from 'queued' like from 'streaming'.

    try {
      const deltas = streamWithPolicy(
        {
          provider: view.provider,
          model: view.model,
          ...(system ? { system } : {}),
          question,
          temperature: expert.temperature,
          // Experts saved before the cap existed are capped here too.
          maxTokens: Math.min(expert.maxTokens, maxTokensFor(view.provider)),
          apiKey: connection.apiKey,
          ...(connection.baseUrl ? { baseUrl: connection.baseUrl } : {}),
          ...(structured ? { structured } : {}),
          signal,
        },
        this.policy(),
        {
          onAttempt: (n) => {
            view.attempts = n;
            if (n > 1) this.publishStatus(run, answer);
          },
        },
      );
      for await (const delta of deltas) {
        if (delta.type === 'text') {
          if (!delta.text) continue;
          const offset = view.text.length;
          view.text += delta.text;
          if (view.ttftMs === null) {
            view.ttftMs = Math.round(performance.now() - started);
            this.publish(run, { type: 'token', answerId: view.id, offset, text: delta.text });
            this.publishStatus(run, answer); // the card shows time to first token while it streams
          } else {
            answer.pendingText += delta.text;
            this.scheduleTokenFlush(run);
          }
          if (view.role === 'panel') this.scheduleConsensus(run);
        } else {
          view.inputTokens = delta.inputTokens ?? view.inputTokens;
          view.outputTokens = delta.outputTokens ?? view.outputTokens;
        }
      }
      view.status = 'done';
    } catch (error) {
      const timedOut = deadline?.aborted === true && !run.controller.signal.aborted;
      const cancelled = !timedOut && (run.controller.signal.aborted || (error instanceof ProviderError && error.kind === 'cancelled'));
      view.status = cancelled ? 'cancelled' : 'failed';
      if (timedOut) {
        view.errorKind = 'deadline';
        view.errorMessage = `Did not finish within ${Math.round((deadlineMs ?? 0) / 1000)} s.`;
      } else {
        view.errorKind = cancelled ? 'cancelled' : error instanceof ProviderError ? error.kind : 'internal';
        view.errorMessage = cancelled ? 'Cancelled.' : error instanceof ProviderError ? error.message : 'Unexpected error while reading the answer.';
      }
      if (!(error instanceof ProviderError)) console.error(`[run ${run.id}] ${view.expertName}:`, describe(error));
    }

    this.flushTokens(run); // every token goes out before the answer's final status
    view.totalMs = Math.round(performance.now() - started);
    view.costUsd = view.simulated ? 0 : estimateCostUsd(view.provider, view.model, { inputTokens: view.inputTokens ?? undefined, outputTokens: view.outputTokens ?? undefined });
    this.publishStatus(run, answer);
    this.save(answer, {
      status: view.status,
      text: view.text,
      errorKind: view.errorKind,
      errorMessage: view.errorMessage,
      attempts: view.attempts,
      ttftMs: view.ttftMs,
      totalMs: view.totalMs,
      inputTokens: view.inputTokens,
      outputTokens: view.outputTokens,
      costUsd: view.costUsd,
      startedAt,
      finishedAt: new Date(),
    });
  }

  /** Queues a write of this answer; writes of one answer never overtake each other. */
  private save(answer: LiveAnswer, patch: AnswerPatch): void {
    const textLength = patch.text?.length;
    answer.writes = answer.writes
      .then(() => updateAnswer(answer.view.id, patch))
      .then(() => {
        if (textLength !== undefined) answer.savedLength = Math.max(answer.savedLength, textLength);
      })
      .catch((error: unknown) => console.error(`[answer ${answer.view.id}] could not be saved:`, describe(error)));
  }

  private flushText(run: LiveRun): void {
    for (const answer of run.answers) {
      if (answer.view.status === 'streaming' && answer.view.text.length > answer.savedLength) {
        this.save(answer, { text: answer.view.text });
      }
    }
  }

  private scheduleTokenFlush(run: LiveRun): void {
    run.tokenTimer ??= setTimeout(() => this.flushTokens(run), TOKEN_BATCH_MS);
  }

  private flushTokens(run: LiveRun): void {
    if (run.tokenTimer) clearTimeout(run.tokenTimer);
    run.tokenTimer = null;
    for (const answer of run.answers) {
      if (!answer.pendingText) continue;
      const text = answer.pendingText;
      answer.pendingText = '';
      this.publish(run, { type: 'token', answerId: answer.view.id, offset: answer.view.text.length - text.length, text });
    }
  }

  private scheduleConsensus(run: LiveRun): void {
    if (run.consensusTimer || run.consensusFinal) return;
    const wait = Math.max(0, CONSENSUS_INTERVAL_MS - (Date.now() - run.lastConsensusAt));
    run.consensusTimer = setTimeout(() => {
      run.lastConsensusAt = Date.now();
      void this.computeConsensus(run, false).then((result) => {
        run.consensusTimer = null;
        if (result && !run.consensusFinal) {
          run.consensus = result;
          this.publish(run, { type: 'consensus', consensus: result });
        }
      });
    }, wait);
  }

  /**
   * Consensus over the answers with text; at the end only over the answers that finished.
   * Every expert of the panel counts as asked (failed, cancelled and silent ones too), so
   * the missing answers weigh against the majority. While it is computed live, an answer
   * that has not finished is marked `streaming`: its last, unfinished sentence is no claim.
   */
  private async computeConsensus(run: LiveRun, final: boolean): Promise<RunConsensus | null> {
    const panel = run.answers.filter((a) => a.view.role === 'panel');
    const answers = panel.filter((a) => (final ? a.view.status === 'done' : true) && a.view.text.trim().length > 0);
    if (answers.length === 0) return null;
    const responses: ExpertResponse[] = answers.map((a) => ({
      expertId: a.view.expertName,
      text: a.view.text,
      weight: a.view.weightAtRun,
      ...(a.view.status === 'done' ? {} : { streaming: true }),
    }));
    try {
      const result = await calculateConsensus(responses, { expertsAsked: panel.length });
      return normalizeConsensus({ ...result, expertOrder: responses.map((r) => r.expertId) }, panel.length);
    } catch (error) {
      console.error(`[run ${run.id}] consensus failed:`, describe(error));
      return null;
    }
  }

  private snapshot(run: LiveRun): RunView {
    return {
      id: run.id,
      question: run.question,
      status: run.status,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      answers: run.answers.map((a) => ({ ...a.view })),
      consensus: run.consensus,
      injections: run.injections,
    };
  }

  private publish(run: LiveRun, event: RunEvent): void {
    this.hub.publish(run.id, event);
  }

  private publishStatus(run: LiveRun, answer: LiveAnswer): void {
    const { text, ...rest } = answer.view;
    this.publish(run, { type: 'status', answer: { ...rest, textLength: text.length } });
  }
}

/** What a new answer, or one asked again, starts from, in the database and in its view. */
const CLEARED = {
  text: '',
  errorKind: null,
  errorMessage: null,
  attempts: 0,
  ttftMs: null,
  totalMs: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  startedAt: null,
  finishedAt: null,
} satisfies AnswerPatch;
const CLEARED_VIEW = {
  text: '',
  errorKind: null,
  errorMessage: null,
  attempts: 0,
  ttftMs: null,
  totalMs: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
} satisfies Partial<AnswerView>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const globalForOrchestrator = globalThis as unknown as { circleOrchestrator?: Orchestrator };

/** One orchestrator per server process, shared by every module instance (Next may load a module twice). */
export function getOrchestrator(): Orchestrator {
  globalForOrchestrator.circleOrchestrator ??= new Orchestrator();
  return globalForOrchestrator.circleOrchestrator;
}

