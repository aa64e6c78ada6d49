import type { WeightEvent } from '../generated/sqlite/client';
import { getDb } from '../client';
import { invalidateConfig } from '../config-cache';
import type { WeightPosterior } from '../../core/types';

export type WeightEventKind = 'rate_up' | 'rate_down' | 'best' | 'agreement' | 'reset';

/** Stores an expert's new posterior and the event that produced it, atomically. */
export async function recordWeightChange(
  expertId: string,
  answerId: string | null,
  kind: WeightEventKind,
  score: number,
  posterior: WeightPosterior & { mean: number },
  ratingDelta: number,
): Promise<WeightEvent> {
  const db = getDb();
  const [, event] = await db.$transaction([
    db.expert.update({
      where: { id: expertId },
      data: {
        weightAlpha: posterior.alpha,
        weightBeta: posterior.beta,
        ...(kind === 'reset' ? { ratingCount: 0 } : { ratingCount: { increment: ratingDelta } }),
      },
    }),
    db.weightEvent.create({
      data: { expertId, answerId, kind, score, alpha: posterior.alpha, beta: posterior.beta, mean: posterior.mean },
    }),
  ]).finally(invalidateConfig);
  return event;
}

/** One point of an expert's weight history, as the chart and the reports read it. */
export interface WeightPoint {
  expertId: string;
  answerId: string | null;
  kind: string;
  score: number;
  mean: number;
  alpha: number;
  beta: number;
  at: string;
}

/** Every weight change of these experts, oldest first. */
export async function listWeightHistory(expertIds: string[]): Promise<WeightPoint[]> {
  const events = await getDb().weightEvent.findMany({ where: { expertId: { in: expertIds } }, orderBy: { createdAt: 'asc' } });
  return events.map((e) => ({ expertId: e.expertId, answerId: e.answerId, kind: e.kind, score: e.score, mean: e.mean, alpha: e.alpha, beta: e.beta, at: e.createdAt.toISOString() }));
}
