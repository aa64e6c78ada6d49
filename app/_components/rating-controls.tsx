'use client';

import { useState } from 'react';
import type { AnswerView } from '@/server/runs/types';
import { errorMessage } from '../_lib/errors';
import { trpc } from '../_lib/trpc';

export type AnswerFeedback = Pick<AnswerView, 'rating' | 'best'>;

const pill = (on: boolean, tone: 'up' | 'down' | 'best') =>
  `inline-flex h-7 items-center gap-1 rounded-md border px-2 text-[12px] font-medium transition-colors disabled:opacity-50 ${
    on
      ? tone === 'down'
        ? 'border-rose-300 bg-rose-50 text-rose-700 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-300'
        : 'border-emerald-300 bg-emerald-50 text-emerald-700 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-300'
      : 'border-zinc-200 text-zinc-600 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800'
  }`;

/** Rate up / down and pick the best answer; each changes the expert's learned weight on the server. */
export function RatingControls({ answer, onRated }: { answer: AnswerView; onRated: (feedback: Partial<AnswerFeedback>) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const act = async (work: () => Promise<Partial<AnswerFeedback>>) => {
    setPending(true);
    setError(null);
    try {
      onRated(await work());
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <button type="button" aria-pressed={answer.rating === 1} disabled={pending} className={pill(answer.rating === 1, 'up')} onClick={() => act(() => trpc.rating.rate.mutate({ answerId: answer.id, value: 'up' }))}>
        <span aria-hidden>▲</span> Rate up
      </button>
      <button type="button" aria-pressed={answer.rating === -1} disabled={pending} className={pill(answer.rating === -1, 'down')} onClick={() => act(() => trpc.rating.rate.mutate({ answerId: answer.id, value: 'down' }))}>
        <span aria-hidden>▼</span> Rate down
      </button>
      <button type="button" aria-pressed={answer.best} disabled={pending || answer.best} className={pill(answer.best, 'best')} onClick={() => act(() => trpc.rating.best.mutate({ answerId: answer.id }))}>
        <span aria-hidden>★</span> Best answer
      </button>
      {error ? <span className="text-[11.5px] text-rose-600 dark:text-rose-400">{errorMessage(error)}</span> : null}
    </div>
  );
}
