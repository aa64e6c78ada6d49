import { updateWeight } from '../core';
import type { ConsensusResult } from '../core/types';
import { getDb } from '../db/client';
import { findExpert } from '../db/repositories/experts';
import { recordWeightChange, type WeightEventKind } from '../db/repositories/weights';
import { DomainError, notFound } from '../errors';
import { z } from 'zod';
import { readSetting, writeSetting } from '../db/repositories/settings';

/**
 * Learned weights. Every rating is evidence about an expert's reliability:
 * up = 1, down = 0, "best answer" = 1, fed to the core's Beta update. A
 * changed rating first takes back the evidence of the old one, so flipping a
 * vote never counts twice.
 */

const scoreOf = { up: 1, down: 0 } as const;
/** Agreement with the final consensus is weak evidence: a nudge, not a vote. */
const AGREEMENT_SCORE = { majority: 0.6, dissent: 0.4 } as const;

export const AGREEMENT_NUDGE_SETTING = 'agreementNudge';

async function answerWithExpert(answerId: string) {
  const answer = await getDb().answer.findUnique({ where: { id: answerId } });
  if (!answer) throw notFound('That answer');
  if (answer.role !== 'panel') throw new DomainError('INVALID_INPUT', 'Only panel answers can be rated.');
  if (!answer.expertId) throw new DomainError('CONFLICT', 'The expert behind this answer was deleted, so its weight can no longer change.');
  const expert = await findExpert(answer.expertId);
  if (!expert || expert.deletedAt) throw new DomainError('CONFLICT', 'The expert behind this answer was deleted, so its weight can no longer change.');
  if (answer.status === 'failed') {
    // A failure is the provider's, not evidence about the expert's judgement: retry it instead.
    throw new DomainError('CONFLICT', `${answer.expertName}'s answer failed, so there is nothing to rate: retry it first.`);
  }
  if (answer.status !== 'done' && answer.status !== 'cancelled' && answer.status !== 'interrupted') {
    throw new DomainError('CONFLICT', 'Wait for the answer to finish before rating it.');
  }
  return { answer, expert };
}

async function applyEvidence(expertId: string, answerId: string | null, kind: WeightEventKind, score: number, ratingDelta: number, retract?: number) {
  const expert = await findExpert(expertId);
  if (!expert) throw notFound('That expert');
  let prior = { alpha: expert.weightAlpha, beta: expert.weightBeta };
  if (retract !== undefined) {
    // Remove the old rating's evidence; never below the uniform prior's mass.
    prior = { alpha: Math.max(1e-3, prior.alpha - retract), beta: Math.max(1e-3, prior.beta - (1 - retract)) };
  }
  const posterior = await updateWeight(prior, score);
  return recordWeightChange(expertId, answerId, kind, score, posterior, ratingDelta);
}

export async function rateAnswer(answerId: string, value: 'up' | 'down') {
  const { answer, expert } = await answerWithExpert(answerId);
  const next = value === 'up' ? 1 : -1;
  if (answer.rating === next) return { rating: next };
  const previous = answer.rating === 1 ? scoreOf.up : answer.rating === -1 ? scoreOf.down : undefined;
  await applyEvidence(expert.id, answer.id, value === 'up' ? 'rate_up' : 'rate_down', scoreOf[value], previous === undefined ? 1 : 0, previous);
  await getDb().answer.update({ where: { id: answer.id }, data: { rating: next } });
  return { rating: next };
}

export async function markBestAnswer(answerId: string) {
  const { answer, expert } = await answerWithExpert(answerId);
  if (answer.best) return { best: true };
  const alreadyPicked = await getDb().answer.findFirst({ where: { runId: answer.runId, best: true } });
  if (alreadyPicked) throw new DomainError('CONFLICT', `The best answer of this run is already ${alreadyPicked.expertName}'s.`);
  await applyEvidence(expert.id, answer.id, 'best', 1, 1);
  await getDb().answer.update({ where: { id: answer.id }, data: { best: true } });
  return { best: true };
}

export async function resetWeight(expertId: string) {
  const expert = await findExpert(expertId);
  if (!expert || expert.deletedAt) throw notFound('That expert');
  await recordWeightChange(expertId, null, 'reset', 0.5, { alpha: 1, beta: 1, mean: 0.5 }, 0);
}

export async function isAgreementNudgeOn(): Promise<boolean> {
  return readSetting(AGREEMENT_NUDGE_SETTING, z.boolean(), false);
}

export async function setAgreementNudge(on: boolean): Promise<void> {
  await writeSetting(AGREEMENT_NUDGE_SETTING, on);
}

/** When enabled, experts in the final majority gain a little weight and dissenters lose a little. */
export async function nudgeWeightsByAgreement(consensus: ConsensusResult, answers: { id: string; expertId: string | null; expertName: string }[]): Promise<void> {
  if (!(await isAgreementNudgeOn()) || consensus.expertCount < 2) return;
  const majority = new Set(consensus.majority);
  const dissent = new Set(consensus.dissenters);
  for (const answer of answers) {
    if (!answer.expertId) continue;
    const score = majority.has(answer.expertName) ? AGREEMENT_SCORE.majority : dissent.has(answer.expertName) ? AGREEMENT_SCORE.dissent : undefined;
    if (score !== undefined) await applyEvidence(answer.expertId, answer.id, 'agreement', score, 0);
  }
}
