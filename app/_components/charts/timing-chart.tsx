'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMs } from '../../_lib/format';
import { axisTick, ChartFrame, gridStroke, tooltipStyle } from './chart-frame';

export interface TimingRow {
  name: string;
  ttftMs: number | null;
  totalMs: number | null;
}

export function TimingChart({ rows }: { rows: TimingRow[] }) {
  const data = rows.map((r) => ({ name: r.name, ttft: r.ttftMs == null ? null : r.ttftMs / 1000, total: r.totalMs == null ? null : r.totalMs / 1000 }));
  return (
    <ChartFrame title="Time to first token and total time" summary={rows.map((r) => `${r.name}: first token ${formatMs(r.ttftMs)}, total ${formatMs(r.totalMs)}`).join('; ')}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid vertical={false} stroke={gridStroke} strokeOpacity={0.15} />
          <XAxis dataKey="name" tick={axisTick} tickLine={false} axisLine={false} interval={0} />
          <YAxis tick={axisTick} tickLine={false} axisLine={false} unit=" s" />
          <Tooltip {...tooltipStyle} formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} s` : '—')} cursor={{ fillOpacity: 0.06 }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="ttft" name="First token" fill="#06b6d4" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="total" name="Total" fill="#6366f1" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
