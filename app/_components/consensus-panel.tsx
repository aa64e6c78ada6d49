'use client';

import { memo, useState } from 'react';
import type { AnswerView, RunConsensus } from '@/server/runs/types';
import { answeredNote, contextPrefix, methodNote, noComparisonNote, verifiedMap } from '@/server/runs/consensus';
import type { EvidenceSelection } from '../_lib/evidence-selection';
import { formatPercent } from '../_lib/format';
import { AnalysisDetails, AnalystAnswer, MethodLine, VerifiedClaims } from './analysis-panel';
import { SafeMarkdown } from './safe-markdown';

/** Insights shown per expert before "Show all". */
const INSIGHTS_PER_EXPERT = 2;

/** A sentence from an answer: Markdown inline, without the block margins. */
function Snippet({ text }: { text: string }) {
  return (
    <span className="md block">
      <SafeMarkdown text={text} inline />
    </span>
  );
}

type Insight = RunConsensus['uniqueInsights'][number];

/** One insight: a caveat is marked as such, and the heading it was written under (an alternative) comes first. */
function InsightText({ insight }: { insight: Insight }) {
  const context = contextPrefix(insight);
  return (
    <>
      {insight.kind === 'caveat' ? (
        <span className="rounded bg-amber-50 px-1 py-px text-[10.5px] font-medium tracking-wide text-amber-800 uppercase dark:bg-amber-950 dark:text-amber-300">
          Caveat<span className="sr-only">:</span>
        </span>
      ) : null}
      {insight.kind === 'caveat' ? ' ' : null}
      {context ? <span className="text-zinc-500 italic dark:text-zinc-400">{context}</span> : null}
      {context ? ' ' : null}
      <SafeMarkdown text={insight.text} inline />
    </>
  );
}

function UniqueInsights({ insights }: { insights: RunConsensus['uniqueInsights'] }) {
  const [all, setAll] = useState(false);
  const byExpert = new Map<string, Insight[]>();
  for (const insight of insights) byExpert.set(insight.expertId, [...(byExpert.get(insight.expertId) ?? []), insight]);
  const hidden = [...byExpert.values()].reduce((n, items) => n + Math.max(0, items.length - INSIGHTS_PER_EXPERT), 0);

  return (
    <>
      <ul aria-label="Unique insights" className="space-y-2.5">
        {[...byExpert].map(([expert, items]) => (
          <li key={expert}>
            <p className="mb-1 text-[12px] font-medium">{expert}</p>
            <ul aria-label={`Insights of ${expert}`} className="space-y-1 border-l-2 border-zinc-200 pl-2.5 text-[12.5px] text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
              {(all ? items : items.slice(0, INSIGHTS_PER_EXPERT)).map((insight, index) => (
                <li key={index} className="md block">
                  <InsightText insight={insight} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {hidden > 0 || all ? (
        <button type="button" onClick={() => setAll(!all)} className="mt-2 text-[12px] text-indigo-600 hover:underline dark:text-indigo-400">
          {all ? 'Show fewer' : `Show all (${hidden} more)`}
        </button>
      ) : null}
    </>
  );
}

/** Each expert's conclusion in a few words. */
function BottomLines({ items }: { items: RunConsensus['bottomLines'] }) {
  return (
    <div className="border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
      <h3 className="mb-1.5 text-[12.5px] font-semibold">Bottom lines</h3>
      <ul aria-label="Bottom lines" className="grid gap-x-4 gap-y-1 text-[12.5px] sm:grid-cols-2 lg:grid-cols-3">
        {items.map((item) => (
          <li key={item.expertId} className="min-w-0">
            <span className="font-medium">{item.expertId}</span>
            <span className="text-zinc-400">: </span>
            <span className="text-zinc-700 dark:text-zinc-300">{item.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Names({ label, names, empty }: { label: string; names: string[]; empty: string }) {
  if (names.length === 0) return <span className="text-zinc-400">{empty}</span>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1">
      {names.map((name) => (
        <li key={name} className="rounded bg-zinc-100 px-1.5 py-0.5 text-[12px] font-medium dark:bg-zinc-800">
          {name}
        </li>
      ))}
    </ul>
  );
}

/** The offline engine's shared recommendations (selectable) and unique insights. */
function OfflineFindings({
  consensus,
  running,
  selected,
  onSelect,
}: {
  consensus: RunConsensus;
  running: boolean;
  selected: EvidenceSelection;
  onSelect: (selection: EvidenceSelection) => void;
}) {
  const { commonRecommendations, uniqueInsights } = consensus;
  return (
    <div className="grid gap-4 px-4 py-3 lg:grid-cols-2">
      <div>
        <h3 className="mb-1.5 text-[12.5px] font-semibold">Common recommendations</h3>
        {commonRecommendations.length === 0 ? (
          <p className="text-[12.5px] text-zinc-500">No point is shared by several experts{running ? ' yet' : ''}.</p>
        ) : (
          <ul aria-label="Common recommendations" className="space-y-1.5">
            {commonRecommendations.map((rec, index) => {
              const active = selected?.kind === 'recommendation' && selected.index === index;
              return (
                <li key={`${index}-${rec.text}`}>
                  <button
                    type="button"
                    aria-pressed={active}
                    onClick={() => onSelect(active ? null : { kind: 'recommendation', index })}
                    className={`w-full rounded-md border px-2.5 py-1.5 text-left text-[12.5px] transition-colors ${
                      active
                        ? 'border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40'
                        : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50'
                    }`}
                  >
                    <Snippet text={rec.text} />
                    <span className="mt-0.5 block text-[11.5px] text-zinc-500">
                      <span className="sr-only">Supported by </span>
                      {rec.supporters.join(', ')} · {formatPercent(rec.support)} support
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div>
        <h3 className="mb-1.5 text-[12.5px] font-semibold">Unique insights</h3>
        {uniqueInsights.length === 0 ? (
          <p className="text-[12.5px] text-zinc-500">No expert made a point the others did not.</p>
        ) : (
          <UniqueInsights insights={uniqueInsights} />
        )}
      </div>
    </div>
  );
}

/**
 * The consensus of a run, live while it streams. Expert ids in the consensus
 * are the experts' display names (see the orchestrator). Selecting a common
 * recommendation, or a claim of the analyst's verified map, asks the page to
 * highlight its quotes in the cards. The method line says which produced it.
 */
export const ConsensusPanel = memo(function ConsensusPanel({
  consensus,
  running,
  selected,
  onSelect,
  analyst,
}: {
  consensus: RunConsensus | null;
  running: boolean;
  selected: EvidenceSelection;
  onSelect: (selection: EvidenceSelection) => void;
  /** The analyst's own answer, when one was asked: shown here, never as a panel card. */
  analyst?: AnswerView;
}) {
  if (!consensus) {
    return (
      <section aria-label="Consensus" className="rounded-lg border border-dashed border-zinc-300 px-4 py-3 text-[13px] text-zinc-500 dark:border-zinc-700">
        {running ? 'The consensus appears as soon as the experts have written something.' : 'No consensus: no expert finished an answer.'}
        {analyst ? <AnalystAnswer answer={analyst} /> : null}
      </section>
    );
  }
  const map = verifiedMap(consensus);
  const biasControls = consensus.analysis?.state === 'verified' ? consensus.analysis.biasControls : [];
  const { consensusConfidence, reached, majority, dissenters, bottomLines } = consensus;
  const answered = answeredNote(consensus, running);
  const noComparison = noComparisonNote(consensus, running);

  return (
    <section aria-label="Consensus" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <div>
          <h2 className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Consensus{running ? ' (live)' : ''}</h2>
          {noComparison ? (
            // One answer agrees with nothing: no percentage, no threshold.
            <p className="mt-1 text-[13.5px] font-medium text-zinc-700 dark:text-zinc-300">{noComparison}</p>
          ) : (
            <p className="flex items-baseline gap-2">
              <span className="text-2xl font-semibold tabular-nums" aria-label={`Consensus confidence ${formatPercent(consensusConfidence)}`}>
                {formatPercent(consensusConfidence)}
              </span>
              <span
                className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${
                  reached ? 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300' : 'bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300'
                }`}
              >
                {reached ? 'threshold reached' : 'below threshold'}
              </span>
            </p>
          )}
          <p className="mt-0.5 text-[11.5px] text-zinc-500">
            {answered ? <span className="font-medium text-amber-700 dark:text-amber-400">{answered} · </span> : null}
            Compared {methodNote(consensus)}
          </p>
          <MethodLine consensus={consensus} running={running} analyst={analyst} />
        </div>
        <dl className="grid gap-1.5 text-[12.5px] sm:grid-cols-[auto_1fr] sm:gap-x-3">
          <dt className="text-zinc-500">Majority</dt>
          <dd>
            <Names label="Majority" names={majority} empty="none" />
          </dd>
          <dt className="text-zinc-500">Dissenters</dt>
          <dd>
            <Names label="Dissenters" names={dissenters} empty="none" />
          </dd>
        </dl>
      </div>

      {bottomLines.length ? <BottomLines items={bottomLines} /> : null}

      {map ? (
        <>
          <VerifiedClaims map={map} selected={selected} onSelect={onSelect} />
          <AnalysisDetails map={map} biasControls={biasControls} />
        </>
      ) : (
        <OfflineFindings consensus={consensus} running={running} selected={selected} onSelect={onSelect} />
      )}
      {analyst ? <AnalystAnswer answer={analyst} /> : null}
    </section>
  );
});
