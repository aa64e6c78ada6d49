/**
 * In-process sliding-window limiter: for each user, the times of the runs they started in the
 * last 60 seconds. One process only (the app runs as one Node server); a restart forgets it.
 */
export const WINDOW_MS = 60_000;

export type TakeResult =
  | { ok: true }
  /** recent: starts counted in the window when refused (at least the limit). */
  | { ok: false; retryAfterSeconds: number; recent: number };

export class SlidingWindowLimiter {
  private readonly starts = new Map<string, number[]>();
  private lastSweep = -Infinity;

  constructor(private readonly windowMs = WINDOW_MS) {}

  /** Counts a start for `userId` if fewer than `limit` happened in the window; a refusal counts nothing. */
  take(userId: string, limit: number, now: number = Date.now()): TakeResult {
    this.sweep(now);
    const recent = this.prune(userId, now);
    if (recent.length >= limit) {
      const oldest = recent[0] ?? now;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
      return { ok: false, retryAfterSeconds, recent: recent.length };
    }
    recent.push(now);
    this.starts.set(userId, recent);
    return { ok: true };
  }

  /** Starts counted for `userId` in the window ending at `now`. */
  count(userId: string, now: number = Date.now()): number {
    return this.prune(userId, now).length;
  }

  /** Users the limiter still holds timestamps for (memory bound, tests). */
  trackedUsers(): number {
    return this.starts.size;
  }

  reset(): void {
    this.starts.clear();
    this.lastSweep = -Infinity;
  }

  /** The user's starts still inside the window, oldest first; a user left with none is forgotten. */
  private prune(userId: string, now: number): number[] {
    const list = this.starts.get(userId);
    if (!list) return [];
    const from = now - this.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop]! <= from) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) this.starts.delete(userId);
    return list;
  }

  /** At most once per window, forgets every user idle for a whole window: memory stays bounded by recent users. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs && now >= this.lastSweep) return;
    this.lastSweep = now;
    const from = now - this.windowMs;
    for (const [userId, list] of this.starts) {
      if ((list[list.length - 1] ?? -Infinity) <= from) this.starts.delete(userId);
    }
  }
}

/** The process-wide limiter of run starts. */
const runStarts = new SlidingWindowLimiter();

export function take(userId: string, limit: number, now: number = Date.now()): TakeResult {
  return runStarts.take(userId, limit, now);
}

export function recentStarts(userId: string, now: number = Date.now()): number {
  return runStarts.count(userId, now);
}

export function trackedUsers(): number {
  return runStarts.trackedUsers();
}

/** Forgets every start (tests). */
export function reset(): void {
  runStarts.reset();
}
