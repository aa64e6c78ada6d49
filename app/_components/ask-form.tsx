'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorMessage, fieldErrors } from '../_lib/errors';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { PresetPicker } from './preset-picker';
import { Button, ErrorNote, inputClass, labelClass, Spinner } from './ui';

const MAX_QUESTION_LENGTH = 32_000;

/** The question, the panel and the button; on success the page moves to the new run at once. */
export function AskForm() {
  const router = useRouter();
  const experts = useQuery(() => trpc.expert.list.query(), 'expert.list');
  const enabled = (experts.data ?? []).filter((e) => e.enabled);
  const [question, setQuestion] = useState('');
  // Tracks who was unticked, so every enabled expert starts ticked, even ones loaded later.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  // Changed by hand: a default preset arriving afterwards leaves the choice alone.
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Before hydration a click would submit the bare HTML form (a GET to this page), losing the question.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const panel = enabled.filter((e) => !unticked.has(e.id));
  // Until the list is in, the user has unticked no one: the panel is every enabled expert, which
  // the server reads from an absent list. An empty list would be a panel nobody chose.
  const loaded = experts.data !== undefined;
  const expertIds = loaded ? panel.map((e) => e.id) : undefined;
  // Every expert unticked (or none enabled) cannot succeed: say so instead of offering the button.
  const emptyPanel = loaded && panel.length === 0;
  const fields = fieldErrors(error);

  const choose = (next: ReadonlySet<string>) => {
    setTouched(true);
    setUnticked(next);
  };

  // A preset ticks exactly its experts (those it names that are enabled now).
  const applyPreset = (ids: ReadonlySet<string>) => setUnticked(new Set(enabled.filter((e) => !ids.has(e.id)).map((e) => e.id)));

  const toggle = (id: string, checked: boolean) => {
    setTouched(true);
    setUnticked((current) => {
      const next = new Set(current);
      if (checked) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pending || emptyPanel) return;
    setPending(true);
    setError(null);
    try {
      const { id } = await trpc.run.create.mutate({ question, expertIds });
      router.push(`/runs/${id}`);
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  // Ctrl/Cmd+Enter asks from inside the text box, as in most chat tools.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void submit();
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div className="space-y-1">
        <div className="flex items-baseline justify-between">
          <label htmlFor="question" className={labelClass}>
            Question
          </label>
          <span className={`text-[11px] tabular-nums ${question.length > MAX_QUESTION_LENGTH ? 'text-rose-600' : 'text-zinc-400'}`}>
            {question.length.toLocaleString('en-US')} / {MAX_QUESTION_LENGTH.toLocaleString('en-US')}
          </span>
        </div>
        <textarea
          id="question"
          name="question"
          rows={5}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="What should the circle weigh in on?"
          aria-invalid={fields.question ? true : undefined}
          aria-describedby={fields.question ? 'question-error' : undefined}
          className={`${inputClass} resize-y text-[14px] leading-relaxed`}
        />
        {fields.question ? (
          <p id="question-error" className="text-[12px] text-rose-600 dark:text-rose-400">
            {fields.question}
          </p>
        ) : null}
      </div>

      <fieldset aria-describedby={fields.expertIds ? 'panel-error' : undefined}>
        <div className="mb-1.5 flex items-baseline justify-between gap-2">
          <legend className={labelClass}>Panel</legend>
          {enabled.length > 1 ? (
            <span className="text-[11px] text-zinc-500">
              {panel.length} of {enabled.length} selected ·{' '}
              <button type="button" className="underline-offset-2 hover:underline" onClick={() => choose(new Set())}>
                all
              </button>{' '}
              /{' '}
              <button type="button" className="underline-offset-2 hover:underline" onClick={() => choose(new Set(enabled.map((e) => e.id)))}>
                none
              </button>
            </span>
          ) : null}
        </div>
        <PresetPicker enabled={loaded ? enabled : undefined} panelIds={panel.map((e) => e.id)} touched={touched} onApply={applyPreset} />
        {experts.loading && !experts.data ? (
          <Spinner label="Loading experts…" />
        ) : experts.error ? (
          <ErrorNote>{errorMessage(experts.error)}</ErrorNote>
        ) : enabled.length === 0 ? (
          <p className="text-[13px] text-zinc-500">
            No expert is enabled.{' '}
            <Link href="/settings" className="text-indigo-600 hover:underline dark:text-indigo-400">
              Add or enable one in Settings
            </Link>
            .
          </p>
        ) : (
          <div className="grid grid-cols-1 gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
            {enabled.map((expert) => (
              <label
                key={expert.id}
                className="flex cursor-pointer items-center gap-2.5 rounded-md border border-zinc-200 bg-white px-2.5 py-2 has-[:checked]:border-zinc-400 dark:border-zinc-800 dark:bg-zinc-900 dark:has-[:checked]:border-zinc-600"
              >
                <input
                  type="checkbox"
                  checked={!unticked.has(expert.id)}
                  onChange={(e) => toggle(expert.id, e.target.checked)}
                  className="size-3.5 accent-zinc-900 dark:accent-zinc-100"
                />
                <span className="min-w-0">
                  <span className="block truncate text-[13px] font-medium">{expert.name}</span>
                  <span className="block truncate font-mono text-[11px] text-zinc-500">
                    {expert.model}
                    {expert.simulated ? ' · simulated' : ''}
                  </span>
                </span>
              </label>
            ))}
          </div>
        )}
        {fields.expertIds ? (
          <p id="panel-error" className="mt-1 text-[12px] text-rose-600 dark:text-rose-400">
            {fields.expertIds}
          </p>
        ) : null}
      </fieldset>

      {error && Object.keys(fields).length === 0 ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}

      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending || !hydrated || emptyPanel} aria-describedby={emptyPanel && enabled.length > 0 ? 'panel-empty' : undefined}>
          {pending ? 'Asking…' : 'Ask the circle'}
        </Button>
        {emptyPanel && enabled.length > 0 ? (
          <span id="panel-empty" className="text-[12px] text-zinc-500">
            Tick at least one expert.
          </span>
        ) : (
          <span className="hidden text-[11px] text-zinc-400 sm:inline">Ctrl + Enter</span>
        )}
      </div>
    </form>
  );
}
