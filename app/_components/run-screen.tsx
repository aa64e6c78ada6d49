'use client';

import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import type { AnswerView, RunView } from '@/server/runs/types';
import { errorMessage, isNotFound } from '../_lib/errors';
import { formatDateTime, formatMs } from '../_lib/format';
import { usePageShortcut } from '../_lib/keyboard';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { useRunStream, type StreamConnection } from '../_lib/use-run-stream';
import { DriveExport } from './drive-export';
import { RatingControls, type AnswerFeedback } from './rating-controls';
import { RunBody } from './run-body';
import { ShareControls } from './share-controls';
import { StatusBadge } from './status-badge';
import { injectionNote } from '@/server/runs/status';
import { runCost } from '@/server/runs/cost';
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

/** Cancel, by the button or by Esc anywhere on the page (shown, and listening, only while the run runs). */
function CancelButton({ runId }: { runId: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancel = async () => {
    if (pending) return; // a second Esc while the first is on its way asks nothing new
    setPending(true);
    setError(null);
    try {
      await trpc.run.cancel.mutate({ id: runId });
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };
  usePageShortcut('Escape', () => void cancel());
  return (
    <>
      <Button variant="danger" onClick={cancel} disabled={pending} aria-keyshortcuts="Escape" title="Cancel the run (Esc)">
        {pending ? 'Cancelling…' : 'Cancel'}
      </Button>
      {error ? <p className="order-last basis-full text-[12px] text-rose-600 sm:text-right">{errorMessage(error)}</p> : null}
    </>
  );
}

/** Asks a failed answer's expert again; the run's stream then carries the new answer into the card. */
function RetryButton({ answer, onStarted }: { answer: AnswerView; onStarted: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const retry = async () => {
    setPending(true);
    setError(null);
    try {
      await trpc.run.retryAnswer.mutate({ answerId: answer.id });
      onStarted();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <Button onClick={retry} disabled={pending} title={`Ask ${answer.expertName} again`}>
        {pending ? 'Retrying…' : 'Retry'}
      </Button>
      {error ? <span className="text-[11.5px] text-rose-600 dark:text-rose-400">{errorMessage(error)}</span> : null}
    </div>
  );
}

/** The whole run's cost (panel, analyst, chair) beside the per-answer costs on the cards. */
function RunCostNote({ run }: { run: RunView }) {
  const cost = runCost(run.answers);
  const running = run.status === 'running';
  return (
    <span data-run-cost title={cost.unknownAnswers ? `${cost.unknownAnswers} answer${cost.unknownAnswers === 1 ? "'s" : "s'"} cost is not known` : undefined}>
      · total cost {cost.label}
      {running && !cost.simulated ? ' so far' : ''}
    </span>
  );
}

function elapsed(run: RunView): string | null {
  if (!run.finishedAt) return null;
  return formatMs(Date.parse(run.finishedAt) - Date.parse(run.createdAt));
}

/**
 * Ratings given on this page. The run's stream has usually ended by the time
 * someone rates, so the page applies the server's answer itself.
 */
function useFeedback(run: RunView | null) {
  const [feedback, setFeedback] = useState<Record<string, Partial<AnswerFeedback>>>({});
  const [version, setVersion] = useState(0);
  const merged = useMemo(() => {
    if (!run || Object.keys(feedback).length === 0) return run;
    return { ...run, answers: run.answers.map((a) => (feedback[a.id] ? { ...a, ...feedback[a.id] } : a)) };
  }, [run, feedback]);
  const record = useCallback((answerId: string, change: Partial<AnswerFeedback>) => {
    setFeedback((current) => ({ ...current, [answerId]: { ...current[answerId], ...change } }));
    setVersion((v) => v + 1);
  }, []);
  return { run: merged, record, version };
}

/** The kinds of secrets the server redacted from the question (it stores `[REDACTED:kind]` in their place). */
function redactedKinds(question: string): string[] {
  return [...new Set([...question.matchAll(/\[REDACTED:([a-z_]+)\]/g)].map((m) => m[1]!.replace(/_/g, ' ')))];
}

/** A run, live or finished: the question, the consensus, one card per expert, the charts and the controls. */
export function RunScreen({ runId }: { runId: string }) {
  const stream = useRunStream(runId);
  const { run, record, version } = useFeedback(stream.run);
  const { connection, error, resubscribe } = stream;
  const runStatus = run?.status;

  const expertIds = useMemo(
    () => [...new Set((run?.answers ?? []).filter((a) => a.role === 'panel' && a.expertId).map((a) => a.expertId as string))],
    [run?.answers],
  );
  const weights = useQuery(
    () => (expertIds.length ? trpc.settings.weightHistory.query({ expertIds }) : Promise.resolve([])),
    `${expertIds.join(',')}:${version}`,
  );

  // A failed answer has nothing to rate: it offers Retry instead, once the run has finished.
  const cardActions = useCallback(
    (answer: AnswerView) =>
      answer.status === 'failed' ? (
        runStatus === 'running' ? null : <RetryButton answer={answer} onStarted={resubscribe} />
      ) : (
        <RatingControls answer={answer} onRated={(change) => record(answer.id, change)} />
      ),
    [record, resubscribe, runStatus],
  );

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

  const panelSize = run.answers.filter((a) => a.role === 'panel').length;
  const running = run.status === 'running';
  const took = elapsed(run);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2 pt-1 text-[12px] text-zinc-500">
          <span data-run-status={run.status}>
            <StatusBadge status={run.status} />
          </span>
          <span>Asked {formatDateTime(run.createdAt)}</span>
          {took ? <span>· took {took}</span> : null}
          <span>
            · {panelSize} expert{panelSize === 1 ? '' : 's'}
          </span>
          <RunCostNote run={run} />
          <ConnectionNote connection={connection} running={running} />
        </div>
        <div className="flex w-full flex-wrap items-start gap-1.5 sm:w-auto sm:max-w-2xl sm:justify-end print:hidden">
          {running ? <CancelButton runId={run.id} /> : null}
          <ShareControls runId={run.id} />
          <DriveExport runId={run.id} />
        </div>
      </div>

      <Panel className="px-4 py-3">
        <h1 className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Question</h1>
        {/* wrap-anywhere: an unbroken word (a URL, a hash) breaks instead of widening the page. */}
        <p className="text-[14px] leading-relaxed wrap-anywhere whitespace-pre-wrap">{run.question}</p>
        {redactedKinds(run.question).length ? (
          <p role="note" className="mt-2 text-[12px] text-amber-700 dark:text-amber-400">
            Removed before the question was sent or stored: {redactedKinds(run.question).join(', ')}.
          </p>
        ) : null}
        {run.injections?.length ? (
          <p role="note" data-injections className="mt-2 text-[12px] text-amber-700 dark:text-amber-400">
            {injectionNote(run.injections)}
          </p>
        ) : null}
      </Panel>

      <p aria-live="polite" className="sr-only">
        {progressSentence(run)}
      </p>

      {error ? <ErrorNote>Live updates stopped: {errorMessage(error)} Reload the page to try again.</ErrorNote> : null}

      <RunBody run={run} weightHistory={weights.data ?? null} cardActions={cardActions} />
    </div>
  );
}
