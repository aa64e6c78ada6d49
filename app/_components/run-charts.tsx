'use client';

import { memo } from 'react';
import type { RunView } from '@/server/runs/types';
import { SimilarityHeatmap } from './charts/similarity-heatmap';
import { TimingChart } from './charts/timing-chart';
import { TokensChart } from './charts/tokens-chart';
import { WeightChart, type WeightPoint } from './charts/weight-chart';

interface Props {
  run: RunView;
  weightHistory: WeightPoint[] | null;
}

/** What the charts draw from a run; streamed text is not part of it. */
function chartSignature(run: RunView): string {
  return JSON.stringify([
    run.createdAt,
    run.answers.map((a) => [a.id, a.role, a.expertId, a.expertName, a.ttftMs, a.totalMs, a.inputTokens, a.outputTokens, a.weightAtRun]),
  ]);
}

function Charts({ run, weightHistory }: Props) {
  const panel = run.answers.filter((a) => a.role === 'panel');
  const consensus = run.consensus;
  const weighted = panel.filter((a): a is typeof a & { expertId: string } => a.expertId !== null);

  return (
    <section aria-label="Charts" className="grid grid-cols-1 gap-3 lg:grid-cols-2 print:grid-cols-2">
      {consensus && consensus.expertOrder.length > 0 ? <SimilarityHeatmap names={consensus.expertOrder} matrix={consensus.similarity} /> : null}
      <TimingChart rows={panel.map((a) => ({ name: a.expertName, ttftMs: a.ttftMs, totalMs: a.totalMs }))} />
      <TokensChart rows={panel.map((a) => ({ name: a.expertName, inputTokens: a.inputTokens, outputTokens: a.outputTokens }))} />
      {weightHistory && weighted.length > 0 ? (
        <WeightChart
          experts={weighted.map((a) => ({ expertId: a.expertId, name: a.expertName, weightAtRun: a.weightAtRun }))}
          history={weightHistory}
          runAt={run.createdAt}
        />
      ) : null}
    </section>
  );
}

/**
 * The run's charts: similarity, timings, tokens and, when known, the weight
 * history. Memoised on what they draw, so streaming tokens (many renders a
 * second) do not redraw four charts each time.
 */
export const RunCharts = memo(
  Charts,
  (before, after) =>
    before.weightHistory === after.weightHistory &&
    before.run.consensus === after.run.consensus &&
    chartSignature(before.run) === chartSignature(after.run),
);
