/** Per-function call counts and total wall time of the core, for metrics export. */
import type { CallTiming } from './types';

const timings = new Map<string, CallTiming>();

export function record(name: string, startedAt: number): void {
  const elapsed = performance.now() - startedAt;
  const entry = timings.get(name);
  if (entry === undefined) timings.set(name, { name, calls: 1, totalMs: elapsed });
  else {
    entry.calls++;
    entry.totalMs += elapsed;
  }
}

/** Times a synchronous call (also when it throws). */
export function timed<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    record(name, start);
  }
}

/** Times an asynchronous call until it settles. */
export async function timedAsync<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    record(name, start);
  }
}

export function allTimings(): CallTiming[] {
  return [...timings.values()].map((t) => ({ ...t })).sort((a, b) => a.name.localeCompare(b.name));
}

export function resetTimings(): void {
  timings.clear();
}
