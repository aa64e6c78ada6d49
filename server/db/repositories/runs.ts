import type { Answer, Run } from '../generated/sqlite/client';
import { getDb } from '../client';
import { env } from '../../env';
import { hasComparison, parseStoredConsensus } from '../../runs/consensus';
import { truthfulStatus } from '../../runs/status';
import { injectedPhrases } from '../../runs/injections';
import type { AnswerRole, AnswerStatus, AnswerView, ProviderKind, RunConsensus, RunStatus, RunSummary, RunView } from '../../runs/types';

/** Runs and their answers. Text is written here as it streams (see runs/persistence). */

export interface NewAnswer {
  id?: string;
  expertId: string;
  expertName: string;
  provider: ProviderKind;
  model: string;
  simulated: boolean;
  role: AnswerRole;
  weightAtRun: number;
}

export async function createRun(
  question: string,
  answers: NewAnswer[],
  ids: { runId?: string; createdAt?: Date; userId: string | null },
): Promise<Run & { answers: Answer[] }> {
  return getDb().run.create({
    data: {
      ...(ids.runId ? { id: ids.runId } : {}),
      ...(ids.createdAt ? { createdAt: ids.createdAt } : {}),
      userId: ids.userId,
      question,
      status: 'running',
      answers: { create: answers.map((a, position) => ({ ...a, position, status: 'queued' })) },
    },
    include: { answers: { orderBy: { position: 'asc' } } },
  });
}

export type AnswerPatch = Partial<
  Pick<
    Answer,
    | 'status'
    | 'text'
    | 'errorKind'
    | 'errorMessage'
    | 'attempts'
    | 'ttftMs'
    | 'totalMs'
    | 'inputTokens'
    | 'outputTokens'
    | 'costUsd'
    | 'startedAt'
    | 'finishedAt'
  >
>;

export async function updateAnswer(id: string, patch: AnswerPatch): Promise<void> {
  await getDb().answer.update({ where: { id }, data: patch });
}

/** Marks a finished run running again (an answer is being retried). */
export async function reopenRun(id: string): Promise<void> {
  await getDb().run.update({ where: { id }, data: { status: 'running', finishedAt: null } });
}

export async function finishRun(id: string, status: RunStatus, consensus: RunConsensus | null): Promise<Date> {
  const finishedAt = new Date();
  await getDb().run.update({
    where: { id },
    data: { status, finishedAt, consensus: consensus ? JSON.stringify(consensus) : null },
  });
  return finishedAt;
}

export async function findRunView(id: string): Promise<RunView | null> {
  const run = await getDb().run.findUnique({ where: { id }, include: { answers: { orderBy: { position: 'asc' } } } });
  if (!run) return null;
  return { ...toRunView(run, run.answers), injections: await injectedPhrases(run.question) };
}

/** Who owns a run (null: no such run; `userId` null only before the first administrator adopted it). */
export async function findRunOwner(runId: string): Promise<{ userId: string | null } | null> {
  return getDb().run.findUnique({ where: { id: runId }, select: { userId: true } });
}

/** The run an answer belongs to, and that run's owner. */
export async function findAnswerOwner(answerId: string): Promise<{ runId: string; userId: string | null } | null> {
  const answer = await getDb().answer.findUnique({ where: { id: answerId }, select: { runId: true, run: { select: { userId: true } } } });
  return answer ? { runId: answer.runId, userId: answer.run.userId } : null;
}

/** One person's runs, newest first; `search` matches the question text, case-insensitively. Cursor = id of the last item seen. */
export async function listRuns(userId: string, search: string | undefined, cursor: string | undefined, limit: number): Promise<{ items: RunSummary[]; nextCursor: string | null }> {
  const isPostgres = env().DATABASE_URL.startsWith('postgres');
  const where = { userId, ...(search ? { question: { contains: search, ...(isPostgres ? { mode: 'insensitive' as const } : {}) } } : {}) };
  const rows = await getDb().run.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    include: { answers: { where: { role: 'panel' }, select: { status: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const consensus = parseStoredConsensus(r.consensus, r.answers.length);
      return {
        id: r.id,
        question: r.question,
        status: truthfulStatus(r.status, r.answers.map((a) => a.status as AnswerStatus)),
        createdAt: r.createdAt.toISOString(),
        expertCount: r.answers.length,
        // One answer compared with nothing is no consensus, whatever an old result says.
        consensusConfidence: consensus && hasComparison(consensus) ? consensus.consensusConfidence : null,
      };
    }),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/**
 * A server that stopped mid-run cannot resume its upstream streams: at start,
 * runs still marked running become interrupted, keeping the text saved so far.
 */
export async function markInterruptedRuns(): Promise<number> {
  const db = getDb();
  const now = new Date();
  await db.answer.updateMany({
    where: { status: { in: ['queued', 'streaming'] }, run: { status: 'running' } },
    data: { status: 'interrupted', finishedAt: now, errorMessage: 'The server stopped before this answer finished.' },
  });
  const { count } = await db.run.updateMany({ where: { status: 'running' }, data: { status: 'interrupted', finishedAt: now } });
  return count;
}

export function toAnswerView(a: Answer): AnswerView {
  return {
    id: a.id,
    expertId: a.expertId,
    expertName: a.expertName,
    provider: a.provider as ProviderKind,
    model: a.model,
    simulated: a.simulated,
    role: a.role === 'chair' || a.role === 'analyst' ? a.role : 'panel',
    status: a.status as AnswerStatus,
    text: a.text,
    errorKind: a.errorKind,
    errorMessage: a.errorMessage,
    attempts: a.attempts,
    ttftMs: a.ttftMs,
    totalMs: a.totalMs,
    inputTokens: a.inputTokens,
    outputTokens: a.outputTokens,
    costUsd: a.costUsd,
    weightAtRun: a.weightAtRun,
    rating: a.rating,
    best: a.best,
  };
}

export function toRunView(run: Run, answers: Answer[]): RunView {
  return {
    id: run.id,
    question: run.question,
    status: truthfulStatus(run.status, answers.filter((a) => a.role === 'panel').map((a) => a.status as AnswerStatus)),
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    answers: answers.map(toAnswerView),
    // Results stored by an older engine lack fields: they are defaulted here (runs/consensus.ts).
    consensus: parseStoredConsensus(run.consensus, answers.filter((a) => a.role === 'panel').length),
  };
}
