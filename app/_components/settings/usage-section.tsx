'use client';

import type { ReactNode } from 'react';
import { errorMessage } from '../../_lib/errors';
import { formatCost, formatDateTime, formatWhen } from '../../_lib/format';
import type { RouterOutputs } from '../../_lib/trpc';
import { ErrorNote, Panel, Spinner } from '../ui';

type Quota = RouterOutputs['account']['me']['quota'];

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-[12px] text-zinc-500">{term}</dt>
      <dd className="mt-0.5 font-medium tabular-nums">{children}</dd>
    </div>
  );
}

/** What this account may run and has spent today; everyone sees their own. */
export function UsageSection({ quota, error }: { quota: Quota | undefined; error: unknown }) {
  return (
    <section aria-labelledby="usage-title" className="space-y-2">
      <div>
        <h2 id="usage-title" className="text-[14px] font-semibold">
          Usage
        </h2>
        <p className="text-[12px] text-zinc-500">
          {"Ratings from everyone on this server shape one shared weight per expert (the experts are the administrator's)."}
        </p>
      </div>
      <Panel className="px-4 py-3 text-[13px]">
        {!quota ? (
          error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : <Spinner label="Loading usage…" />
        ) : (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Item term="Runs per minute">{quota.runsPerMinute}</Item>
            <Item term="Concurrent runs">{quota.maxConcurrentRuns}</Item>
            <Item term="Daily budget">{quota.dailyBudgetUsd === 0 ? 'No budget' : formatCost(quota.dailyBudgetUsd)}</Item>
            <Item term="Used today">
              {formatCost(quota.spentTodayUsd)}
              <span className="block text-[11.5px] font-normal text-zinc-500" title={formatDateTime(quota.resetsAt)}>
                resets {formatWhen(quota.resetsAt)}
              </span>
            </Item>
          </dl>
        )}
      </Panel>
    </section>
  );
}
