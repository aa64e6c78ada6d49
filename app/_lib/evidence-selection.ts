import type { RunConsensus } from '@/server/runs/types';
import type { EvidenceMark } from './rehype-mark-evidence';

/**
 * What is selected in the Consensus region: a common recommendation (the offline
 * engine's) or a claim of the analyst's verified map. Either marks its quotes in the
 * cards of the experts it names; a claim marks its supporters' and its opponents'.
 */
export type EvidenceSelection = { kind: 'recommendation'; index: number } | { kind: 'claim'; index: number } | null;

export const sameSelection = (a: EvidenceSelection, b: EvidenceSelection): boolean => a?.kind === b?.kind && a?.index === b?.index;

/** The sentences to mark, by expert name; empty when the selection no longer exists. */
export function evidenceByExpert(consensus: RunConsensus | null, selection: EvidenceSelection): Map<string, EvidenceMark[]> {
  const byExpert = new Map<string, EvidenceMark[]>();
  const add = (expert: string, mark: EvidenceMark) => byExpert.set(expert, [...(byExpert.get(expert) ?? []), mark]);
  if (!consensus || !selection) return byExpert;
  if (selection.kind === 'recommendation') {
    for (const item of consensus.commonRecommendations[selection.index]?.evidence ?? []) add(item.expertId, item.text);
    return byExpert;
  }
  const claim = consensus.analysis?.state === 'verified' ? consensus.analysis.map.claims[selection.index] : undefined;
  if (!claim) return byExpert;
  for (const q of claim.supportQuotes) add(q.expertId, { text: q.matched, stance: 'support', title: `Supports: ${claim.text}` });
  for (const q of claim.opposeQuotes) add(q.expertId, { text: q.matched, stance: 'oppose', title: `Contradicts: ${claim.text}` });
  return byExpert;
}

/** Whether a selection still points at something (the consensus changes while a run streams). */
export function selectionExists(consensus: RunConsensus | null, selection: EvidenceSelection): boolean {
  if (!consensus || !selection) return false;
  // With a verified map the region lists its claims, not the estimate's recommendations:
  // a recommendation picked while the analyst was checking no longer marks anything.
  if (selection.kind === 'recommendation') return consensus.analysis?.state !== 'verified' && selection.index < consensus.commonRecommendations.length;
  return consensus.analysis?.state === 'verified' && selection.index < consensus.analysis.map.claims.length;
}

const names = (list: string[]) => (list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`);

/**
 * What the cards now show, for a polite live region: "Quotes marked in the cards:
 * supporting in Atlas and Sage; contradicting in Nova." Empty when nothing is marked.
 */
export function markedSentence(byExpert: Map<string, readonly EvidenceMark[]>): string {
  const support: string[] = [];
  const oppose: string[] = [];
  for (const [expert, marks] of byExpert) {
    if (marks.some((m) => typeof m === 'string' || m.stance !== 'oppose')) support.push(expert);
    if (marks.some((m) => typeof m !== 'string' && m.stance === 'oppose')) oppose.push(expert);
  }
  if (support.length === 0 && oppose.length === 0) return '';
  const parts = [support.length ? `supporting in ${names(support)}` : null, oppose.length ? `contradicting in ${names(oppose)}` : null].filter(Boolean);
  return `Quotes marked in the cards: ${parts.join('; ')}.`;
}
