'use client';

import { useMemo, useState, type ReactNode } from 'react';
import type { AnswerView, RunView } from '@/server/runs/types';
import type { WeightPoint } from './charts/weight-chart';
import { ConsensusPanel } from './consensus-panel';
import { ExpertCard } from './expert-card';
import { RunCharts } from './run-charts';

const none: readonly string[] = [];

/** Wide screens: one row for up to three experts, four side by side when there is room, else rows of three. */
function columns(count: number): string {
  if (count <= 1) return '';
  if (count === 2) return 'md:grid-cols-2';
  if (count === 4) return 'md:grid-cols-2 2xl:grid-cols-4';
  return 'md:grid-cols-2 xl:grid-cols-3';
}

/**
 * What a run shows, live on its page or frozen in a shared report: the
 * consensus, the synthesis, one card per expert and the charts.
 * `cardActions` adds controls to finished cards (rating on the run page).
 */
export function RunBody({
  run,
  weightHistory,
  cardActions,
}: {
  run: RunView;
  weightHistory: WeightPoint[] | null;
  cardActions?: (answer: AnswerView) => ReactNode;
}) {
  const [selected, setSelected] = useState<number | null>(null);
  const panel = run.answers.filter((a) => a.role === 'panel');
  const chair = run.answers.find((a) => a.role === 'chair');
  const running = run.status === 'running';

  // Evidence of the selected recommendation, by expert name (the consensus names experts by name).
  const recommendation = selected === null ? undefined : run.consensus?.commonRecommendations[selected];
  const highlights = useMemo(() => {
    const byExpert = new Map<string, string[]>();
    for (const item of recommendation?.evidence ?? []) byExpert.set(item.expertId, [...(byExpert.get(item.expertId) ?? []), item.text]);
    return byExpert;
  }, [recommendation]);

  return (
    <div className="space-y-4">
      <ConsensusPanel consensus={run.consensus} running={running} selected={recommendation ? selected : null} onSelect={setSelected} />

      {chair ? <ExpertCard answer={chair} label="Synthesis" byline={`Written by ${chair.expertName}, chair of the panel`} /> : null}

      <section aria-label="Answers" className={`grid grid-cols-1 items-start gap-3 print:grid-cols-1 ${columns(panel.length)}`}>
        {panel.map((answer) => (
          <ExpertCard
            key={answer.id}
            answer={answer}
            highlights={highlights.get(answer.expertName) ?? none}
            actions={cardActions && answer.status !== 'queued' && answer.status !== 'streaming' ? cardActions(answer) : undefined}
          />
        ))}
      </section>

      <RunCharts run={run} weightHistory={weightHistory} />
    </div>
  );
}
