'use client';

import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, XAxis, YAxis, type LabelProps } from 'recharts';
import { axisTick, ChartFrame } from './chart-frame';

/** 0 (unrelated) to 1 (same content): from pale to deep indigo. */
function heat(value: number): string {
  const v = Math.max(0, Math.min(1, value));
  return `rgb(99 102 241 / ${(0.08 + 0.82 * v).toFixed(2)})`;
}

/** The value in its cell, light on the deep colours so it stays readable. */
function HeatLabel(props: LabelProps) {
  const { x, y, width, height, value } = props;
  if (typeof value !== 'number' || [x, y, width, height].some((v) => typeof v !== 'number')) return null;
  const [cx, cy] = [Number(x) + Number(width) / 2, Number(y) + Number(height) / 2];
  return (
    <text x={cx} y={cy} textAnchor="middle" dominantBaseline="central" fontSize={11} fill={value > 0.55 ? '#fff' : 'currentColor'}>
      {value.toFixed(2)}
    </text>
  );
}

/**
 * The similarity matrix as a heat map. Recharts has no heat map, so each row
 * is a stack of equal-width bars whose colour is the similarity: a grid that
 * keeps Recharts' axes and responsiveness.
 */
export function SimilarityHeatmap({ names, matrix }: { names: string[]; matrix: number[][] }) {
  const data = names.map((name, i) => {
    const row: Record<string, number | string> = { name };
    names.forEach((_, j) => {
      row[`c${j}`] = 1;
      row[`v${j}`] = matrix[i]?.[j] ?? 0;
    });
    return row;
  });
  const pairs: string[] = [];
  names.forEach((a, i) => names.slice(i + 1).forEach((b, k) => pairs.push(`${a}–${b} ${(matrix[i]?.[i + 1 + k] ?? 0).toFixed(2)}`)));

  return (
    <ChartFrame title="Answer similarity" summary={pairs.length ? `Pairwise similarity: ${pairs.join(', ')}.` : 'One answer: nothing to compare.'}>
      <ResponsiveContainer width="100%" height={Math.max(140, 44 * names.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 8, bottom: 4, left: 4 }} barCategoryGap={2}>
          <XAxis
            type="number"
            domain={[0, names.length]}
            ticks={names.map((_, j) => j + 0.5)}
            tickFormatter={(t: number) => names[Math.floor(t)] ?? ''}
            tick={axisTick}
            axisLine={false}
            tickLine={false}
            orientation="top"
            interval={0}
          />
          <YAxis type="category" dataKey="name" tick={axisTick} width={84} axisLine={false} tickLine={false} />
          {names.map((_, j) => (
            <Bar key={j} dataKey={`c${j}`} stackId="grid" isAnimationActive={false} stroke="var(--heat-gap, #fff)" strokeWidth={2}>
              {data.map((row, i) => (
                <Cell key={i} fill={heat(Number(row[`v${j}`]))} />
              ))}
              <LabelList dataKey={`v${j}`} content={HeatLabel} />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
