'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisTick, ChartFrame, gridStroke, seriesColor, tooltipStyle } from './chart-frame';

export interface WeightPoint {
  expertId: string;
  mean: number;
  at: string;
}

export interface WeightSeriesExpert {
  expertId: string;
  name: string;
  /** The weight the run used: the line's starting point when there is no earlier event. */
  weightAtRun: number;
}

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Each expert's weight over time, from its weight events (ratings, resets).
 * The summary under the chart states each expert's first and current weight,
 * which is what changes when a person rates an answer.
 */
export function WeightChart({ experts, history, runAt }: { experts: WeightSeriesExpert[]; history: WeightPoint[]; runAt: string }) {
  const key = (expertId: string) => `w_${expertId}`;
  const rows = new Map<number, Record<string, number>>();
  const row = (t: number) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = { t }));
    return r;
  };
  const runTime = Date.parse(runAt);
  for (const expert of experts) {
    if (!history.some((p) => p.expertId === expert.expertId && Date.parse(p.at) <= runTime)) row(runTime)[key(expert.expertId)] = expert.weightAtRun;
  }
  for (const point of history) row(Date.parse(point.at))[key(point.expertId)] = point.mean;
  const data = [...rows.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));

  const summary = experts.map((expert) => {
    const points = data.map((r) => r[key(expert.expertId)]).filter((v): v is number => v !== undefined);
    const first = points[0] ?? expert.weightAtRun;
    const last = points[points.length - 1] ?? expert.weightAtRun;
    return `${expert.name}: ${first.toFixed(2)} → ${last.toFixed(2)}`;
  });

  return (
    <ChartFrame title="Expert weight over time" summary={summary.join('; ')}>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid vertical={false} stroke={gridStroke} strokeOpacity={0.15} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t: number) => time.format(t)}
            tick={axisTick}
            tickLine={false}
            axisLine={false}
          />
          <YAxis domain={[0, 1]} tick={axisTick} tickLine={false} axisLine={false} />
          <Tooltip {...tooltipStyle} labelFormatter={(t) => (typeof t === 'number' ? time.format(t) : '')} formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : v)} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {experts.map((expert, i) => (
            <Line
              key={expert.expertId}
              dataKey={key(expert.expertId)}
              name={expert.name}
              stroke={seriesColor(i)}
              strokeWidth={2}
              dot={{ r: 2.5 }}
              connectNulls
              type="stepAfter"
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
