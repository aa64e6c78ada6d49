'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisTick, ChartFrame, gridStroke, tooltipStyle } from './chart-frame';

export interface TokenRow {
  name: string;
  inputTokens: number | null;
  outputTokens: number | null;
}

const n = (v: number | null) => (v == null ? 'unknown' : v.toLocaleString('en-US'));

export function TokensChart({ rows }: { rows: TokenRow[] }) {
  return (
    <ChartFrame title="Tokens per expert" summary={rows.map((r) => `${r.name}: ${n(r.inputTokens)} in, ${n(r.outputTokens)} out`).join('; ')}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke={gridStroke} strokeOpacity={0.15} />
          <XAxis dataKey="name" tick={axisTick} tickLine={false} axisLine={false} interval={0} />
          <YAxis tick={axisTick} tickLine={false} axisLine={false} allowDecimals={false} />
          <Tooltip {...tooltipStyle} cursor={{ fillOpacity: 0.06 }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="inputTokens" name="Input" stackId="t" fill="#a1a1aa" isAnimationActive={false} />
          <Bar dataKey="outputTokens" name="Output" stackId="t" fill="#10b981" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
