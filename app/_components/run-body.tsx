'use client';

import { useMemo, useState, type ReactNode } from 'react';
import type { AnswerView, RunView } from '@/server/runs/types';
import { evidenceByExpert, markedSentence, selectionExists, type EvidenceSelection } from '../_lib/evidence-selection';
import type { EvidenceMark } from '../_lib/rehype-mark-evidence';
import type { WeightPoint } from './charts/weight-chart';
import { ConsensusPanel } from './consensus-panel';
import { ExpertCard } from './expert-card';
import { RunCharts } from './run-charts';

const none: readonly EvidenceMark[] = [];

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
  const [picked, setSelected] = useState<EvidenceSelection>(null);
  // The analyst's answer is no panel card: the Consensus region shows it.
  const panel = run.answers.filter((a) => a.role === 'panel');
  const chair = run.answers.find((a) => a.role === 'chair');
  const analyst = run.answers.find((a) => a.role === 'analyst');
  const running = run.status === 'running';

  // The quotes of the selected recommendation or claim, by expert name (the consensus names experts by name).
  const selected = selectionExists(run.consensus, picked) ? picked : null;
  const highlights = useMemo(() => evidenceByExpert(run.consensus, selected), [run.consensus, selected]);

  return (
    <div className="space-y-4">
      <ConsensusPanel consensus={run.consensus} running={running} selected={selected} onSelect={setSelected} analyst={analyst} />
      {/* Where the selection's quotes are now marked, for those who cannot see the cards change. */}
      <p aria-live="polite" className="sr-only">
        {markedSentence(highlights)}
      </p>

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
