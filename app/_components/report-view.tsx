import { runCost } from '@/server/runs/cost';
import { injectionNote } from '@/server/runs/status';
import type { RunView } from '@/server/runs/types';
import { formatDateTime } from '../_lib/format';
import type { WeightPoint } from './charts/weight-chart';
import { PrintButton } from './print-button';
import { RunBody } from './run-body';
import { SharedDriveExport } from './shared-drive-export';
import { StatusBadge } from './status-badge';
import { buttonClass } from './ui';

/** A shared run, read-only: no navigation into the app; downloads, printing and the owner's Drive export. */
export function ReportView({ run, weightHistory, token, driveConfigured }: { run: RunView; weightHistory: WeightPoint[]; token: string; driveConfigured: boolean }) {
  const panelSize = run.answers.filter((a) => a.role === 'panel').length;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6 print:max-w-none print:px-0 print:py-0">
      <header className="mb-4 flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 pb-3 dark:border-zinc-800">
        <div>
          <p className="text-[12px] font-semibold tracking-tight text-zinc-500">Circle of Experts · shared report</p>
          <p className="mt-0.5 flex flex-wrap items-center gap-2 text-[12px] text-zinc-500">
            <StatusBadge status={run.status} />
            Asked {formatDateTime(run.createdAt)} · {panelSize} expert{panelSize === 1 ? '' : 's'} · total cost {runCost(run.answers).label}
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5 print:hidden">
          <a href={`/r/${token}/report?format=markdown`} download className={buttonClass('secondary')}>
            Download Markdown
          </a>
          <a href={`/r/${token}/report?format=json`} download className={buttonClass('secondary')}>
            Download JSON
          </a>
          <PrintButton />
          {driveConfigured ? <SharedDriveExport token={token} /> : null}
        </div>
      </header>

      {run.status === 'running' ? (
        <p role="status" className="mb-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-[13px] text-sky-800 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-300">
          This run was still in progress when the page loaded; reload to see more.
        </p>
      ) : null}

      <section aria-labelledby="report-question" className="mb-4">
        <h1 id="report-question" className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
          Question
        </h1>
        <p className="text-[15px] leading-relaxed whitespace-pre-wrap">{run.question}</p>
        {run.injections?.length ? (
          <p role="note" data-injections className="mt-2 text-[12px] text-amber-700 dark:text-amber-400">
            {injectionNote(run.injections)}
          </p>
        ) : null}
      </section>

      <RunBody run={run} weightHistory={weightHistory} />
    </main>
  );
}
