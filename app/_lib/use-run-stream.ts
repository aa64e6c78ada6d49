'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunEvent, RunView } from '@/server/runs/types';
import { trpc } from './trpc';
import { applyRunEvents, initialRunState, type RunState } from './run-reducer';

export type StreamConnection = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface RunStream {
  run: RunView | null;
  connection: StreamConnection;
  /** A fatal error (unknown run, malformed id); transient drops reconnect by themselves. */
  error: unknown;
  /** Subscribes afresh (from a snapshot): after a retry has made a finished run run again. */
  resubscribe: () => void;
}

/**
 * Follows a run through its `run.events` subscription. A fresh subscription
 * starts with a snapshot, so opening the page mid-run (reload, second tab)
 * shows everything so far and then goes live. Events are applied once per
 * animation frame: three experts streaming at 50 tokens/s would otherwise
 * re-render Markdown 150 times a second.
 */
export function useRunStream(runId: string): RunStream {
  const [state, setState] = useState<RunState>(initialRunState);
  const [connection, setConnection] = useState<StreamConnection>('connecting');
  const [error, setError] = useState<unknown>(null);
  // Bumped to throw the subscription away and start again from a snapshot.
  const [generation, setGeneration] = useState(0);
  const pending = useRef<RunEvent[]>([]);
  const frame = useRef<number | null>(null);

  useEffect(() => {
    setConnection('connecting');
    setError(null);
    pending.current = [];

    const flush = () => {
      frame.current = null;
      const batch = pending.current;
      pending.current = [];
      if (batch.length > 0) setState((current) => applyRunEvents(current, batch));
    };

    const subscription = trpc.run.events.subscribe(
      { runId },
      {
        onData: ({ data }) => {
          pending.current.push(data);
          frame.current ??= requestAnimationFrame(flush);
        },
        onConnectionStateChange: (change) => {
          if (change.state === 'pending') setConnection('live');
          else if (change.state === 'connecting') setConnection(change.error ? 'reconnecting' : 'connecting');
        },
        onError: (failure) => {
          setError(failure);
          setConnection('closed');
        },
        onComplete: () => {
          // Apply what is still queued before saying the stream ended.
          if (frame.current !== null) cancelAnimationFrame(frame.current);
          flush();
          setConnection('closed');
        },
      },
    );

    return () => {
      subscription.unsubscribe();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [runId, generation]);

  useEffect(() => {
    if (state.needsResync) {
      // Keep showing what we have; the new subscription's snapshot replaces it.
      setState((current) => ({ ...current, needsResync: false }));
      setGeneration((g) => g + 1);
    }
  }, [state.needsResync]);

  const resubscribe = useCallback(() => setGeneration((g) => g + 1), []);
  return { run: state.run, connection, error, resubscribe };
}
