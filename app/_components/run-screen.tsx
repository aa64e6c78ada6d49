'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { RunView } from '@/server/runs/types';
import { errorMessage, isNotFound } from '../_lib/errors';
import { formatDateTime, formatMs } from '../_lib/format';
import { trpc } from '../_lib/trpc';
import { useRunStream, type StreamConnection } from '../_lib/use-run-stream';
import { ExpertCard } from './expert-card';
import { StatusBadge } from './status-badge';
import { Button, ErrorNote, Panel, Spinner } from './ui';

function ConnectionNote({ connection, running }: { connection: StreamConnection; running: boolean }) {
  if (!running || connection === 'live' || connection === 'closed') return null;
  return <Spinner label={connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'} />;
}

/** "2 of 3 experts finished": announced politely, once per change, instead of every token. */
function progressSentence(run: RunView): string {
  const panel = run.answers.filter((a) => a.role === 'panel');
  const ended = panel.filter((a) => a.status !== 'queued' && a.status !== 'streaming').length;
  if (run.status !== 'running') return `Run ${run.status}. ${ended} of ${panel.length} experts finished.`;
  return `${ended} of ${panel.length} experts finished.`;
}

function CancelButton({ runId }: { runId: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancel = async () => {
    setPending(true);
    setError(null);
    try {
      await trpc.run.cancel.mutate({ id: runId });
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };
  return (
    <div className="flex items-center gap-2">
      {error ? <span className="text-[12px] text-rose-600">{errorMessage(error)}</span> : null}
      <Button variant="danger" onClick={cancel} disabled={pending}>
        {pending ? 'Cancelling…' : 'Cancel'}
      </Button>
    </div>
  );
}

function elapsed(run: RunView): string | null {
  if (!run.finishedAt) return null;
  return formatMs(Date.parse(run.finishedAt) - Date.parse(run.createdAt));
}

/** A run, live or finished: the question, one card per expert, and the controls. */
export function RunScreen({ runId }: { runId: string }) {
  const { run, connection, error } = useRunStream(runId);

  if (error && !run) {
    return (
      <div className="space-y-3">
        <ErrorNote>{isNotFound(error) ? 'This run does not exist. It may have been deleted, or the address is wrong.' : errorMessage(error)}</ErrorNote>
        <Link href="/history" className="text-[13px] text-indigo-600 hover:underline dark:text-indigo-400">
          Browse the history
        </Link>
      </div>
    );
  }
  if (!run) return <Spinner label="Loading run…" />;

  const panel = run.answers.filter((a) => a.role === 'panel');
  const running = run.status === 'running';
  const took = elapsed(run);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2 text-[12px] text-zinc-500">
          <StatusBadge status={run.status} />
          <span>Asked {formatDateTime(run.createdAt)}</span>
          {took ? <span>· took {took}</span> : null}
          <span>
            · {panel.length} expert{panel.length === 1 ? '' : 's'}
          </span>
          <ConnectionNote connection={connection} running={running} />
        </div>
        {running ? <CancelButton runId={run.id} /> : null}
      </div>

      <Panel className="px-4 py-3">
        <h1 className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Question</h1>
        <p className="text-[14px] leading-relaxed whitespace-pre-wrap">{run.question}</p>
      </Panel>

      <p aria-live="polite" className="sr-only">
        {progressSentence(run)}
      </p>

      {error ? <ErrorNote>Live updates stopped: {errorMessage(error)} Reload the page to try again.</ErrorNote> : null}

      <section aria-label="Answers" className="grid grid-cols-1 items-start gap-3 md:grid-cols-2 xl:grid-cols-3">
        {panel.map((answer) => (
          <ExpertCard key={answer.id} answer={answer} />
        ))}
      </section>
    </div>
  );
}
