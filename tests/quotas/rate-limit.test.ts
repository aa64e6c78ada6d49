import { afterEach, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, reset, take, trackedUsers } from '../../server/quotas/rate-limit';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('sliding-window rate limiter', () => {
  afterEach(() => reset());

  it('allows 5 starts in a minute and refuses the 6th with the seconds until the oldest leaves the window', () => {
    for (let i = 0; i < 5; i++) expect(take('ann', 5, T0 + i * 1000)).toEqual({ ok: true });
    // Oldest start at T0, window 60 s: at T0 + 10.5 s it leaves in 49.5 s, rounded up.
    expect(take('ann', 5, T0 + 10_500)).toEqual({ ok: false, retryAfterSeconds: 50, recent: 5 });
  });

  it('says at least 1 second, never 0, at the edge of the window', () => {
    for (let i = 0; i < 2; i++) expect(take('ann', 2, T0).ok).toBe(true);
    const refused = take('ann', 2, T0 + 59_999);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1, recent: 2 });
  });

  it('counts only successful takes: refusals do not push the window on', () => {
    for (let i = 0; i < 3; i++) take('ann', 3, T0);
    for (let i = 0; i < 10; i++) expect(take('ann', 3, T0 + 30_000 + i).ok).toBe(false);
    // Had the refusals counted, the window would still be full at T0 + 60 s.
    expect(take('ann', 3, T0 + 60_000).ok).toBe(true);
  });

  it('slides: each start frees its slot 60 s later, one at a time', () => {
    take('ann', 2, T0);
    take('ann', 2, T0 + 20_000);
    expect(take('ann', 2, T0 + 59_000)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(take('ann', 2, T0 + 60_000)).toEqual({ ok: true }); // T0's start has left.
    const refused = take('ann', 2, T0 + 61_000); // Full again: T0+20 s and T0+60 s.
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 19, recent: 2 });
    expect(take('ann', 2, T0 + 80_000)).toEqual({ ok: true });
  });

  it('keeps users apart', () => {
    take('ann', 1, T0);
    expect(take('ann', 1, T0 + 1).ok).toBe(false);
    expect(take('bob', 1, T0 + 1).ok).toBe(true);
  });

  it('forgets users idle for a minute, so memory is bounded by recent users', () => {
    for (let i = 0; i < 1000; i++) take(`user-${i}`, 10, T0 + i);
    expect(trackedUsers()).toBe(1000);
    take('late', 10, T0 + 30_000);
    expect(trackedUsers()).toBe(1001); // Nobody idle for a minute yet.
    take('later', 10, T0 + 62_000);
    // The 1000 are forgotten; 'late' (30 s ago) and 'later' remain.
    expect(trackedUsers()).toBe(2);
    expect(take('user-0', 1, T0 + 62_001)).toEqual({ ok: true });
  });

  it('reset() forgets everything', () => {
    const limiter = new SlidingWindowLimiter();
    limiter.take('ann', 1, T0);
    expect(limiter.take('ann', 1, T0).ok).toBe(false);
    limiter.reset();
    expect(limiter.trackedUsers()).toBe(0);
    expect(limiter.take('ann', 1, T0).ok).toBe(true);
  });
});
