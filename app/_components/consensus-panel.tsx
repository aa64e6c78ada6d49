'use client';

import { memo, useState } from 'react';
import type { RunConsensus } from '@/server/runs/types';
import { formatPercent } from '../_lib/format';
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

function UniqueInsights({ insights }: { insights: RunConsensus['uniqueInsights'] }) {
  const [all, setAll] = useState(false);
  const byExpert = new Map<string, string[]>();
  for (const insight of insights) byExpert.set(insight.expertId, [...(byExpert.get(insight.expertId) ?? []), insight.text]);
  const hidden = [...byExpert.values()].reduce((n, texts) => n + Math.max(0, texts.length - INSIGHTS_PER_EXPERT), 0);

  return (
    <>
      <ul className="space-y-2.5">
        {[...byExpert].map(([expert, texts]) => (
          <li key={expert}>
            <p className="mb-1 text-[12px] font-medium">{expert}</p>
            <ul className="space-y-1 border-l-2 border-zinc-200 pl-2.5 text-[12.5px] text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
              {(all ? texts : texts.slice(0, INSIGHTS_PER_EXPERT)).map((text, index) => (
                <li key={index}>
                  <Snippet text={text} />
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

function Names({ names, empty }: { names: string[]; empty: string }) {
  if (names.length === 0) return <span className="text-zinc-400">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {names.map((name) => (
        <span key={name} className="rounded bg-zinc-100 px-1.5 py-0.5 text-[12px] font-medium dark:bg-zinc-800">
          {name}
        </span>
      ))}
    </span>
  );
}

/**
 * The consensus of a run, live while it streams. Expert ids in the consensus
 * are the experts' display names (see the orchestrator). Selecting a common
 * recommendation asks the page to highlight its evidence in the cards.
 */
export const ConsensusPanel = memo(function ConsensusPanel({
  consensus,
  running,
  selected,
  onSelect,
}: {
  consensus: RunConsensus | null;
  running: boolean;
  selected: number | null;
  onSelect: (index: number | null) => void;
}) {
  if (!consensus) {
    return (
      <section aria-label="Consensus" className="rounded-lg border border-dashed border-zinc-300 px-4 py-3 text-[13px] text-zinc-500 dark:border-zinc-700">
        {running ? 'The consensus appears as soon as the experts have written something.' : 'No consensus: no expert finished an answer.'}
      </section>
    );
  }
  const { consensusConfidence, reached, majority, dissenters, commonRecommendations, uniqueInsights } = consensus;

  return (
    <section aria-label="Consensus" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <div>
          <h2 className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Consensus{running ? ' (live)' : ''}</h2>
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
        </div>
        <dl className="grid gap-1.5 text-[12.5px] sm:grid-cols-[auto_1fr] sm:gap-x-3">
          <dt className="text-zinc-500">Majority</dt>
          <dd>
            <Names names={majority} empty="none" />
          </dd>
          <dt className="text-zinc-500">Dissenters</dt>
          <dd>
            <Names names={dissenters} empty="none" />
          </dd>
        </dl>
      </div>

      <div className="grid gap-4 px-4 py-3 lg:grid-cols-2">
        <div>
          <h3 className="mb-1.5 text-[12.5px] font-semibold">Common recommendations</h3>
          {commonRecommendations.length === 0 ? (
            <p className="text-[12.5px] text-zinc-500">No point is shared by several experts{running ? ' yet' : ''}.</p>
          ) : (
            <ul aria-label="Common recommendations" className="space-y-1.5">
              {commonRecommendations.map((rec, index) => {
                const active = selected === index;
                return (
                  <li key={`${index}-${rec.text}`}>
                    <button
                      type="button"
                      aria-pressed={active}
                      onClick={() => onSelect(active ? null : index)}
                      className={`w-full rounded-md border px-2.5 py-1.5 text-left text-[12.5px] transition-colors ${
                        active
                          ? 'border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40'
                          : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50'
                      }`}
                    >
                      <Snippet text={rec.text} />
                      <span className="mt-0.5 block text-[11.5px] text-zinc-500">
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
    </section>
  );
});
