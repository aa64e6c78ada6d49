import { memo, type ReactNode } from 'react';
import type { AnswerView } from '@/server/runs/types';
import type { EvidenceMark } from '../_lib/rehype-mark-evidence';
import { formatCost, formatMs, formatTokens } from '../_lib/format';
import { CopyButton } from './copy-button';
import { SafeMarkdown } from './safe-markdown';
import { StatusBadge } from './status-badge';

const providerLabel: Record<AnswerView['provider'], string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  openai_compatible: 'OpenAI-compatible',
};

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-zinc-500">{label}</dt>
      <dd className="truncate font-mono text-[12px] tabular-nums text-zinc-800 dark:text-zinc-200">{value}</dd>
    </div>
  );
}

function EmptyBody({ status, role }: { status: AnswerView['status']; role: AnswerView['role'] }) {
  const queued = role === 'chair' ? 'Starts when the panel has answered.' : 'Waiting to start…';
  const text = status === 'queued' ? queued : status === 'streaming' ? 'Waiting for the first token…' : 'No text was received.';
  return <p className="text-[13px] text-zinc-400 italic">{text}</p>;
}

/**
 * One expert's answer. The article's accessible name is the expert's display
 * name and `data-status` carries the status word: both are part of the
 * interface the end-to-end tests and assistive technology rely on.
 */
export const ExpertCard = memo(function ExpertCard({
  answer,
  label,
  byline,
  highlights,
  actions,
}: {
  answer: AnswerView;
  /** Overrides the accessible name and title (the chair's card is "Synthesis"). */
  label?: string;
  byline?: string;
  /** Sentences to mark in the text (support or opposition). */
  highlights?: readonly EvidenceMark[];
  actions?: ReactNode;
}) {
  const streaming = answer.status === 'streaming';
  return (
    <article
      aria-label={label ?? answer.expertName}
      aria-busy={streaming || answer.status === 'queued'}
      data-status={answer.status}
      className="flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <header className="flex items-start justify-between gap-2 border-b border-zinc-100 px-3.5 py-2.5 dark:border-zinc-800">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-1.5">
            <h2 className="truncate text-[13.5px] font-semibold">{label ?? answer.expertName}</h2>
            {answer.simulated ? (
              <span className="rounded border border-dashed border-violet-300 px-1 text-[10.5px] font-medium tracking-wide text-violet-700 uppercase dark:border-violet-800 dark:text-violet-300">
                simulated
              </span>
            ) : null}
            {answer.best ? (
              <span className="rounded bg-amber-50 px-1 text-[10.5px] font-medium tracking-wide text-amber-700 uppercase dark:bg-amber-950 dark:text-amber-300">
                best answer
              </span>
            ) : null}
          </div>
          <p className="mt-0.5 truncate text-[11.5px] text-zinc-500">
            {byline ? `${byline} · ` : ''}
            {providerLabel[answer.provider]} · <span className="font-mono">{answer.model}</span>
          </p>
        </div>
        <StatusBadge status={answer.status} />
      </header>

      <div className="flex-1 px-3.5 py-3">
        {answer.status === 'failed' && answer.errorMessage ? (
          <p role="note" className="mb-2 rounded-md border border-rose-200 bg-rose-50 px-2.5 py-1.5 text-[12.5px] text-rose-700 dark:border-rose-900 dark:bg-rose-950/50 dark:text-rose-300">
            {answer.errorMessage}
            {answer.errorKind ? <span className="ml-1 font-mono text-[11px] opacity-70">({answer.errorKind})</span> : null}
          </p>
        ) : null}
        {answer.text ? (
          <div data-answer-body className={`md ${streaming ? 'streaming-caret' : ''}`}>
            <SafeMarkdown text={answer.text} highlights={highlights} />
          </div>
        ) : answer.status === 'failed' ? null : (
          <EmptyBody status={answer.status} role={answer.role} />
        )}
        {/* Only once the text stops changing: a copy taken mid-stream would be silently incomplete. */}
        {answer.text && !streaming ? (
          <div className="mt-2 flex flex-row-reverse flex-wrap items-center gap-2">
            <CopyButton text={answer.text} label="Copy answer" />
          </div>
        ) : null}
      </div>

      {answer.status === 'queued' ? null : (
        <dl className="grid grid-cols-2 gap-x-3 gap-y-1.5 border-t border-zinc-100 px-3.5 py-2.5 sm:grid-cols-4 dark:border-zinc-800">
          <Metric label="First token" value={formatMs(answer.ttftMs)} />
          <Metric label="Total" value={formatMs(answer.totalMs)} />
          <Metric label="Tokens in / out" value={formatTokens(answer.inputTokens, answer.outputTokens)} />
          <Metric label={answer.attempts > 1 ? `Cost · ${answer.attempts} attempts` : 'Cost'} value={formatCost(answer.costUsd)} />
        </dl>
      )}
      {actions ? <div className="border-t border-zinc-100 px-3.5 py-2 dark:border-zinc-800 print:hidden">{actions}</div> : null}
    </article>
  );
});
