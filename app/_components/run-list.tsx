import Link from 'next/link';
import type { RunSummary } from '@/server/runs/types';
import { formatPercent, formatWhen } from '../_lib/format';
import { StatusBadge } from './status-badge';

function Confidence({ value }: { value: number | null }) {
  if (value == null) return <span className="text-zinc-400">—</span>;
  const tone = value >= 0.7 ? 'text-emerald-600 dark:text-emerald-400' : value >= 0.4 ? 'text-amber-600 dark:text-amber-400' : 'text-rose-600 dark:text-rose-400';
  return <span className={`font-medium tabular-nums ${tone}`}>{formatPercent(value)}</span>;
}

/** Runs as a dense list; each row's link is named by its question. */
export function RunList({ runs }: { runs: RunSummary[] }) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {runs.map((run) => (
        <li key={run.id} className="group relative flex items-center gap-3 px-4 py-2.5 hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
          <div className="min-w-0 flex-1">
            <Link href={`/runs/${run.id}`} className="block truncate text-[13.5px] font-medium after:absolute after:inset-0 focus-visible:outline-none">
              {run.question}
            </Link>
            <p className="mt-0.5 text-[12px] text-zinc-500">
              {formatWhen(run.createdAt)} · {run.expertCount} expert{run.expertCount === 1 ? '' : 's'}
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-3 text-[12px]">
            <span className="hidden text-zinc-500 sm:inline" title="Consensus confidence">
              Consensus <Confidence value={run.consensusConfidence} />
            </span>
            <span className="sm:hidden">
              <Confidence value={run.consensusConfidence} />
            </span>
            <StatusBadge status={run.status} />
          </div>
        </li>
      ))}
    </ul>
  );
}
