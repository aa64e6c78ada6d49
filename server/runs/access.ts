import { findAnswerOwner, findRunOwner } from '../db/repositories/runs';
import { notFound } from '../errors';

/**
 * A run, its answers, ratings, shares and Drive export are their owner's alone: the
 * administrator included, nobody else reads them except through a share link. Someone else's
 * run is "not found", the same answer as for an id that does not exist, so ids reveal nothing.
 */
export async function assertOwnsRun(userId: string, runId: string): Promise<void> {
  const run = await findRunOwner(runId);
  if (!run || run.userId !== userId) throw notFound('That run');
}

/** The answer's run must be the caller's; returns that run's id. */
export async function assertOwnsAnswer(userId: string, answerId: string): Promise<string> {
  const answer = await findAnswerOwner(answerId);
  if (!answer || answer.userId !== userId) throw notFound('That answer');
  return answer.runId;
}
