'use client';

import { useEffect, useState } from 'react';
import type { RunSummary } from '@/server/runs/types';
import { errorMessage } from '../_lib/errors';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { RunList } from './run-list';
import { Button, ErrorNote, inputClass, Panel, Spinner } from './ui';

const PAGE_SIZE = 30;

/** Waits until typing pauses, so the server sees one search per pause, not one per key. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function HistoryScreen() {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 250);
  const first = useQuery(() => trpc.run.list.query({ search: query || undefined, limit: PAGE_SIZE }), `history:${query}`);
  // Pages fetched with "Load more" after the first, reset with each new search.
  const [more, setMore] = useState<{ items: RunSummary[]; nextCursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  useEffect(() => {
    setMore(null);
    setMoreError(null);
  }, [query]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await trpc.run.list.query({ search: query || undefined, cursor: nextCursor, limit: PAGE_SIZE });
      setMore((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (failure) {
      setMoreError(failure);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="space-y-3">
      <div className="max-w-md">
        <label htmlFor="history-search" className="sr-only">
          Search
        </label>
        <input
          id="history-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search questions…"
          className={inputClass}
        />
      </div>

      {first.error ? (
        <ErrorNote>{errorMessage(first.error)}</ErrorNote>
      ) : !first.data ? (
        <Spinner label="Loading history…" />
      ) : items.length === 0 ? (
        <Panel className="px-4 py-8 text-center text-[13px] text-zinc-500">
          {query ? `No run matches “${query}”.` : 'No runs yet.'}
        </Panel>
      ) : (
        <Panel className={`overflow-hidden transition-opacity ${first.loading ? 'opacity-60' : ''}`}>
          <RunList runs={items} />
        </Panel>
      )}

      <p aria-live="polite" className="sr-only">
        {first.data && !first.loading ? `${items.length}${nextCursor ? '+' : ''} runs` : ''}
      </p>

      {moreError ? <ErrorNote>{errorMessage(moreError)}</ErrorNote> : null}
      {nextCursor ? (
        <Button onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
    </div>
  );
}
