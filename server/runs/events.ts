import type { RunEvent } from './types';

/**
 * In-process event stream of live runs. Each run has a channel with a per-run
 * sequence number; subscribers resume after a `lastEventId` from the buffer
 * while the run is live (and for a grace period after), otherwise the caller
 * starts them from a snapshot. A Redis-backed hub can replace this one behind
 * the same methods when there are several servers.
 */

export interface SequencedEvent {
  seq: number;
  event: RunEvent;
}

type Listener = (event: SequencedEvent) => void;

/** Enough for long answers of a large panel; beyond it a resume gets a snapshot instead. */
const MAX_BUFFERED_EVENTS = 50_000;
/** How long a finished run's events stay in memory for late resumes. */
const RETAIN_AFTER_DONE_MS = 60_000;

class RunChannel {
  seq = 0;
  private readonly buffer: SequencedEvent[] = [];
  private readonly listeners = new Set<Listener>();
  closed = false;

  publish(event: RunEvent): number {
    const sequenced = { seq: ++this.seq, event };
    this.buffer.push(sequenced);
    if (this.buffer.length > MAX_BUFFERED_EVENTS) this.buffer.splice(0, this.buffer.length - MAX_BUFFERED_EVENTS);
    for (const listener of this.listeners) listener(sequenced);
    return sequenced.seq;
  }

  /** Events after `seq`, or null when some of them were dropped from the buffer. */
  eventsAfter(seq: number): SequencedEvent[] | null {
    const first = this.buffer[0];
    if (seq >= this.seq) return [];
    if (!first || first.seq > seq + 1) return null;
    return this.buffer.slice(seq + 1 - first.seq);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class RunEventHub {
  private readonly channels = new Map<string, RunChannel>();

  open(runId: string): void {
    this.channels.set(runId, new RunChannel());
  }

  publish(runId: string, event: RunEvent): number {
    const channel = this.channels.get(runId);
    if (!channel) throw new Error(`No open event channel for run ${runId}`);
    return channel.publish(event);
  }

  /** Marks the run finished; its events stay available for a while, then go. */
  close(runId: string): void {
    const channel = this.channels.get(runId);
    if (!channel) return;
    channel.closed = true;
    setTimeout(() => {
      if (this.channels.get(runId) === channel) this.channels.delete(runId);
    }, RETAIN_AFTER_DONE_MS).unref();
  }

  has(runId: string): boolean {
    return this.channels.has(runId);
  }

  /**
   * Subscribes to a run's events. `start` runs synchronously after the
   * listener is attached and decides what the subscriber sees first, so no
   * event can slip between the replay (or snapshot) and the live tail.
   */
  async *subscribe(
    runId: string,
    lastSeq: number | undefined,
    snapshot: (seq: number) => RunEvent,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SequencedEvent> {
    const channel = this.channels.get(runId);
    if (!channel) return;

    const queue: SequencedEvent[] = [];
    let wake: (() => void) | undefined;
    const unlisten = channel.listen((e) => {
      queue.push(e);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);

    try {
      const replay = lastSeq === undefined ? null : channel.eventsAfter(lastSeq);
      if (replay) queue.unshift(...replay);
      else queue.unshift({ seq: channel.seq, event: snapshot(channel.seq) });
      const closedAtStart = channel.closed;

      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          if (next.event.type === 'done') return;
          continue;
        }
        if (closedAtStart && channel.closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unlisten();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
