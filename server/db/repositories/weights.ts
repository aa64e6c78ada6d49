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

export function listWeightEvents(expertIds: string[]): Promise<WeightEvent[]> {
  return getDb().weightEvent.findMany({ where: { expertId: { in: expertIds } }, orderBy: { createdAt: 'asc' } });
}
