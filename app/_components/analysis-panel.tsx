'use client';

import type { GroundedQuote, VerifiedClaim, VerifiedMap } from '@/server/core/types';
import { analysisNote, analystPendingNote, claimKindLabel, droppedLine, groundingDetails, groundingNote, quoteText } from '@/server/runs/consensus';
import type { AnswerView, ConsensusAnalysis, RunConsensus } from '@/server/runs/types';
import type { EvidenceSelection } from '../_lib/evidence-selection';
import { formatCost, formatMs, formatPercent, formatTokens } from '../_lib/format';
import { StatusBadge } from './status-badge';

/**
 * The analyst's part of the Consensus region: the method line, the verified map's
 * contradictions and claims (each selectable, to mark its quotes in the cards), the
 * grounding figures with what was dropped, the bias controls, answer length beside
 * support, and the analyst's own answer with its raw output.
 */

/** "Verified by …", "Estimated without an analyst…": always shown, coloured by state. */
export function MethodLine({
  consensus,
  running = false,
  analyst,
}: {
  consensus: Pick<RunConsensus, 'analysis'>;
  running?: boolean;
  /** The analyst's answer: while the panel answers it waits, and the line says it will check. */
  analyst?: AnswerView;
}) {
  const analysis: ConsensusAnalysis | null | undefined = consensus.analysis;
  const pending = !analysis && running && analyst && (analyst.status === 'queued' || analyst.status === 'streaming');
  const tone =
    analysis?.state === 'verified'
      ? 'text-emerald-700 dark:text-emerald-400'
      : analysis?.state === 'failed'
        ? 'text-amber-700 dark:text-amber-400'
        : 'text-zinc-500';
  return (
    <p role="status" className={`mt-0.5 text-[11.5px] ${tone}`} data-analysis-state={analysis?.state ?? 'none'}>
      {analysis?.state === 'running' ? (
        <span aria-hidden className="mr-1.5 inline-block size-2.5 animate-spin rounded-full border-2 border-zinc-300 border-t-zinc-600 align-[-1px] dark:border-zinc-700 dark:border-t-zinc-300" />
      ) : null}
      <span className="sr-only">Method: </span>
      {pending ? analystPendingNote(analyst.model) : analysisNote(consensus)}
      {analysis?.state === 'failed' ? <span className="text-zinc-500">. The offline estimate is shown.</span> : null}
    </p>
  );
}

function ClaimButton({
  claim,
  active,
  onToggle,
}: {
  claim: VerifiedClaim;
  active: boolean;
  onToggle: () => void;
}) {
  const who =
    claim.kind === 'contradiction'
      ? `${claim.supporters.join(', ')} vs. ${claim.opponents.join(', ')}`
      : `${claim.supporters.join(', ')} · ${formatPercent(claim.support)} support`;
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onToggle}
      className={`w-full min-w-0 rounded-md border px-2.5 py-1.5 text-left text-[12.5px] break-words transition-colors ${
        active
          ? 'border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40'
          : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50'
      }`}
    >
      <span className="block">{claim.text}</span>
      <span className="mt-0.5 block text-[11.5px] text-zinc-500">
        <span className="sr-only">{claimKindLabel(claim.kind)} claim: </span>
        {who}
      </span>
    </button>
  );
}

/** One side of a contradiction: each expert with the words of theirs that were found. */
function Side({ label, quotes, tone }: { label: string; quotes: GroundedQuote[]; tone: 'support' | 'oppose' }) {
  return (
    <div className="min-w-0">
      <p className={`text-[11px] font-medium tracking-wide uppercase ${tone === 'support' ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400'}`}>{label}</p>
      <ul aria-label={label} className="mt-0.5 space-y-1">
        {quotes.map((q, i) => (
          <li key={`${q.expertId}-${i}`} className="text-[12px] break-words text-zinc-700 dark:text-zinc-300">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{q.expertId}</span>: <span className="italic">“{quoteText(q)}”</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ClaimList({
  label,
  claims,
  empty,
  selected,
  onSelect,
  sides = false,
}: {
  label: string;
  claims: { claim: VerifiedClaim; index: number }[];
  empty: string;
  selected: EvidenceSelection;
  onSelect: (selection: EvidenceSelection) => void;
  sides?: boolean;
}) {
  return (
    <div className="min-w-0">
      <h3 className="mb-1.5 text-[12.5px] font-semibold">{label}</h3>
      {claims.length === 0 ? (
        <p className="text-[12.5px] text-zinc-500">{empty}</p>
      ) : (
        <ul aria-label={label} className="space-y-2">
          {claims.map(({ claim, index }) => {
            const active = selected?.kind === 'claim' && selected.index === index;
            return (
              <li key={`${index}-${claim.text}`}>
                <ClaimButton claim={claim} active={active} onToggle={() => onSelect(active ? null : { kind: 'claim', index })} />
                {sides ? (
                  <div className="mt-1.5 grid gap-2 border-l-2 border-zinc-200 pl-2.5 sm:grid-cols-2 dark:border-zinc-700">
                    <Side label="Asserts" quotes={claim.supportQuotes} tone="support" />
                    <Side label="Contradicts" quotes={claim.opposeQuotes} tone="oppose" />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** Contradictions with both sides, then the shared and the unique claims. */
export function VerifiedClaims({
  map,
  selected,
  onSelect,
}: {
  map: VerifiedMap;
  selected: EvidenceSelection;
  onSelect: (selection: EvidenceSelection) => void;
}) {
  const indexed = map.claims.map((claim, index) => ({ claim, index }));
  const of = (kind: VerifiedClaim['kind']) => indexed.filter((c) => c.claim.kind === kind);
  return (
    <div className="grid gap-4 px-4 py-3 lg:grid-cols-2">
      <ClaimList
        label="Contradictions"
        claims={of('contradiction')}
        empty="No claim is asserted by some experts and contradicted by others."
        selected={selected}
        onSelect={onSelect}
        sides
      />
      <div className="min-w-0 space-y-4">
        <ClaimList label="Shared claims" claims={of('shared')} empty="No claim is made by several experts." selected={selected} onSelect={onSelect} />
        <ClaimList label="Unique claims" claims={of('unique')} empty="No expert made a claim the others did not." selected={selected} onSelect={onSelect} />
      </div>
    </div>
  );
}

const summaryClass = 'cursor-pointer text-[12px] font-medium text-zinc-700 select-none dark:text-zinc-300';

/** The grounding figures and what was not counted, bias controls, answer length beside support: collapsed. */
export function AnalysisDetails({ map, biasControls }: { map: VerifiedMap; biasControls: string[] }) {
  const g = map.grounding;
  return (
    <div className="space-y-2 border-t border-zinc-100 px-4 py-3 dark:border-zinc-800">
      <details>
        <summary className={summaryClass}>
          Grounding: {groundingNote(g)}
          {g.dropped ? `, ${g.dropped} dropped` : ''}
        </summary>
        <div className="mt-1.5 space-y-1.5 text-[12px] text-zinc-600 dark:text-zinc-400">
          <p>
            Every quote the analyst gave was looked for in the answer it names; {groundingDetails(g)}.
          </p>
          {map.dropped.length ? (
            <ul aria-label="Dropped attributions" className="space-y-1">
              {map.dropped.map((d, i) => (
                <li key={i} className="break-words">
                  {droppedLine(d)} <span className="text-zinc-400">(claim: {d.claim})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>No attribution was dropped.</p>
          )}
        </div>
      </details>
      <details>
        <summary className={summaryClass}>Bias controls and answer length</summary>
        <div className="mt-1.5 space-y-2 text-[12px] text-zinc-600 dark:text-zinc-400">
          {biasControls.length ? (
            <ul aria-label="Bias controls" className="list-disc space-y-0.5 pl-4">
              {biasControls.map((control) => (
                <li key={control}>{control}</li>
              ))}
            </ul>
          ) : (
            <p>No bias control was recorded.</p>
          )}
          {map.standings.length ? (
            <div className="max-w-full overflow-x-auto">
              <table className="text-left text-[12px] tabular-nums">
                <caption className="mb-1 text-left font-medium text-zinc-700 dark:text-zinc-300">Answer length vs. support</caption>
                <thead>
                  <tr className="text-zinc-500">
                    <th scope="col" className="pr-2 font-medium">Expert</th>
                    <th scope="col" className="pr-2 font-medium">Words</th>
                    <th scope="col" className="pr-2 font-medium">Claims supported</th>
                    <th scope="col" className="pr-2 font-medium">Claims contradicted</th>
                    <th scope="col" className="font-medium">In majority</th>
                  </tr>
                </thead>
                <tbody>
                  {map.standings.map((s) => (
                    <tr key={s.expertId}>
                      <th scope="row" className="pr-2 font-medium text-zinc-800 dark:text-zinc-200">{s.expertId}</th>
                      <td className="pr-2">{s.words}</td>
                      <td className="pr-2">{s.claimsSupported}</td>
                      <td className="pr-2">{s.claimsOpposed}</td>
                      <td>{s.inMajority ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      </details>
    </div>
  );
}

/** The analyst's own answer, compactly: not a panel card. Its raw output is shown as text, never rendered. */
export function AnalystAnswer({ answer }: { answer: AnswerView }) {
  return (
    <div role="group" aria-label="Analyst" className="border-t border-zinc-100 px-4 py-2.5 text-[12px] dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{answer.expertName === 'Analyst' ? 'Analyst' : `Analyst: ${answer.expertName}`}</span>
        <span className="font-mono break-all">{answer.model}</span>
        <StatusBadge status={answer.status} />
        {answer.status === 'queued' ? null : (
          <span className="tabular-nums">
            {formatMs(answer.totalMs)} · {formatTokens(answer.inputTokens, answer.outputTokens)} tokens · {formatCost(answer.costUsd)}
          </span>
        )}
      </div>
      {answer.status === 'failed' && answer.errorMessage ? (
        <p role="note" className="mt-1 text-rose-700 dark:text-rose-300">
          {answer.errorMessage}
          {answer.errorKind ? <span className="ml-1 font-mono text-[11px] opacity-70">({answer.errorKind})</span> : null}
        </p>
      ) : null}
      {answer.text ? (
        <details className="mt-1.5">
          <summary className={summaryClass}>Analyst&apos;s raw output</summary>
          <pre className="mt-1 max-h-72 overflow-auto rounded-md bg-zinc-50 p-2 font-mono text-[11px] whitespace-pre-wrap break-words text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
            {answer.text}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
