import type { ReactNode } from 'react';

/** Expert colours, in panel order; distinct in light and dark. */
export const SERIES_COLORS = ['#6366f1', '#10b981', '#f59e0b', '#ec4899', '#06b6d4', '#8b5cf6', '#ef4444', '#84cc16'];
export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length] as string;

/** Axis text and grid lines follow the page's colour scheme through currentColor. */
export const axisTick = { fill: 'currentColor', fontSize: 11 } as const;
export const gridStroke = 'currentColor';

export const tooltipStyle = {
  contentStyle: { fontSize: 12, borderRadius: 6, border: '1px solid rgb(161 161 170 / 0.4)', background: 'var(--tooltip-bg, #fff)', color: 'inherit' },
  itemStyle: { padding: 0 },
  labelStyle: { fontWeight: 600, marginBottom: 2 },
} as const;

/**
 * A chart with its title and a text summary: the summary says in words what
 * the picture shows, for screen readers and for anyone who prefers numbers.
 */
export function ChartFrame({ title, summary, children }: { title: string; summary: ReactNode; children: ReactNode }) {
  return (
    <figure className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3 break-inside-avoid dark:border-zinc-800 dark:bg-zinc-900/60">
      <figcaption className="mb-2 text-[12.5px] font-semibold">{title}</figcaption>
      <div className="text-zinc-500 dark:text-zinc-400" aria-hidden>
        {children}
      </div>
      <div className="mt-2 text-[11.5px] text-zinc-600 dark:text-zinc-400">{summary}</div>
    </figure>
  );
}
