'use client';

import Link from 'next/link';
import { errorMessage } from '../_lib/errors';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { RunList } from './run-list';
import { ErrorNote, Panel, Spinner } from './ui';

export function LatestRuns() {
  const runs = useQuery(() => trpc.run.list.query({ limit: 8 }), 'latest');
  return (
    <section aria-labelledby="latest-runs">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 id="latest-runs" className="text-[13px] font-semibold">
          Latest runs
        </h2>
        <Link href="/history" className="text-[12px] text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
          All history →
        </Link>
      </div>
      {runs.error ? (
        <ErrorNote>{errorMessage(runs.error)}</ErrorNote>
      ) : !runs.data ? (
        <Spinner label="Loading runs…" />
      ) : runs.data.items.length === 0 ? (
        <Panel className="px-4 py-6 text-center text-[13px] text-zinc-500">No runs yet. Your first question will show up here.</Panel>
      ) : (
        <Panel className="overflow-hidden">
          <RunList runs={runs.data.items} />
        </Panel>
      )}
    </section>
  );
}
