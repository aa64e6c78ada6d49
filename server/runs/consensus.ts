import type { BottomLineSummary, CommonRecommendation, UniqueInsight } from '../core/types';
import type { VerifiedMap } from '../core/types';
import type { AnalystRef, ConsensusAnalysis, RunConsensus } from './types';

/**
 * A run's consensus as every reader sees it (run page, shared report, Markdown,
 * JSON, Drive): one normaliser for what is stored or computed, and the wording
 * of its verdict, so the four renderings never disagree. Pure: the browser
 * imports it too.
 */

type Loose<T> = { [K in keyof T]?: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const finite = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/**
 * Fills in what older results lack. Results stored before the engine counted
 * the experts asked, named its method, summed up bottom lines or framed
 * insights get: every expert of the run's panel as asked (`panelSize`), the
 * lexical method (the only one there was), no bottom lines, insights without
 * context. `reached` is never true with fewer than two experts compared,
 * whatever an old result says. Returns null for something that is not a
 * consensus at all.
 */
export function normalizeConsensus(raw: unknown, panelSize: number): RunConsensus | null {
  if (!isRecord(raw)) return null;
  const c = raw as Loose<RunConsensus>;
  const majority = strings(c.majority);
  const dissenters = strings(c.dissenters);
  const expertOrder = strings(c.expertOrder);
  const expertCount = Math.max(0, Math.round(finite(c.expertCount, expertOrder.length || majority.length + dissenters.length)));
  const expertsAsked = Math.max(expertCount, Math.round(finite(c.expertsAsked, Math.max(panelSize, expertCount))));
  const commonRecommendations: CommonRecommendation[] = list(c.commonRecommendations).map((r) => ({
    text: String(r.text ?? ''),
    supporters: strings(r.supporters),
    support: finite(r.support, 0),
    evidence: list(r.evidence).map((e) => ({ expertId: String(e.expertId ?? ''), text: String(e.text ?? '') })),
  }));
  const uniqueInsights: UniqueInsight[] = list(c.uniqueInsights).map((u) => ({
    expertId: String(u.expertId ?? ''),
    text: String(u.text ?? ''),
    context: typeof u.context === 'string' && u.context.trim() ? u.context : null,
    kind: u.kind === 'caveat' ? 'caveat' : 'insight',
  }));
  const bottomLines: BottomLineSummary[] = list(c.bottomLines)
    .map((b) => ({ expertId: String(b.expertId ?? ''), text: String(b.text ?? '') }))
    .filter((b) => b.text.trim());
  return {
    // Fields a newer engine adds are kept as they are.
    ...raw,
    consensusConfidence: finite(c.consensusConfidence, 0),
    reached: c.reached === true && expertCount >= 2,
    expertCount,
    expertsAsked,
    method: c.method === 'semantic' ? 'semantic' : 'lexical',
    bottomLines,
    similarity: Array.isArray(c.similarity) ? c.similarity.map((row) => (Array.isArray(row) ? row.map((v) => finite(v, 0)) : [])) : [],
    clusters: list(c.clusters).map((k) => ({ members: strings(k.members), weightShare: finite(k.weightShare, 0) })),
    majority,
    dissenters,
    commonRecommendations,
    uniqueInsights,
    finalAnswers: list(c.finalAnswers).map((f) => ({ expertId: String(f.expertId ?? ''), answer: String(f.answer ?? '') })),
    expertOrder,
  };
}

/** Parses a stored consensus (JSON text); null when absent or unreadable. */
export function parseStoredConsensus(json: string | null, panelSize: number): RunConsensus | null {
  if (!json) return null;
  try {
    return normalizeConsensus(JSON.parse(json), panelSize);
  } catch {
    return null;
  }
}

// ---- wording ------------------------------------------------------------------

type Counted = Pick<RunConsensus, 'expertCount' | 'expertsAsked'>;

/** A consensus needs two answers to compare: with fewer, there is no percentage to show. */
export const hasComparison = (c: Counted): boolean => c.expertCount >= 2;

/** "1 of 2 experts answered" when some experts asked have no answer in it; null when all answered. */
export function answeredNote(c: Counted, running = false): string | null {
  if (c.expertsAsked <= c.expertCount) return null;
  return `${c.expertCount} of ${c.expertsAsked} experts answered${running ? ' so far' : ''}`;
}

/** Why there is no verdict, when there is none (fewer than two answers). */
export function noComparisonNote(c: Counted, running = false): string | null {
  if (hasComparison(c)) return null;
  if (running) return c.expertCount === 1 ? 'No consensus yet: only one expert has answered so far' : 'No consensus yet: no expert has answered so far';
  return c.expertCount === 1 ? 'No consensus: only one expert answered' : 'No consensus: no expert answered';
}

/** How the answers were compared: with the sentence model, or by their words when it could not be used. */
export function methodNote(c: Pick<RunConsensus, 'method'>): string {
  return c.method === 'semantic' ? 'by meaning' : 'by shared words (sentence model unavailable)';
}

/** An insight with the heading it was written under: Under “When MongoDB is reasonable”: … */
export function contextPrefix(u: Pick<UniqueInsight, 'context'>): string | null {
  return u.context ? `Under “${u.context}”:` : null;
}

/** The insight as one line of plain text: "Caveat: Under “…”: text". */
export function insightLine(u: Pick<UniqueInsight, 'text' | 'context' | 'kind'>): string {
  return [u.kind === 'caveat' ? 'Caveat:' : null, contextPrefix(u), u.text].filter(Boolean).join(' ');
}

// ---- the analyst ----------------------------------------------------------------

/**
 * The offline estimate with the analyst's verified map in its place: what every
 * reader then shows (majority, bottom lines, shared recommendations, insights are
 * the map's; the similarity matrix and short final answers stay the engine's).
 */
export function withVerifiedMap(
  estimate: RunConsensus,
  verified: { analyst: AnalystRef; map: VerifiedMap; labels: { label: string; expertId: string }[]; biasControls: string[] },
): RunConsensus {
  const { map } = verified;
  return {
    ...estimate,
    consensusConfidence: map.consensusConfidence,
    reached: map.reached,
    expertCount: map.expertCount,
    expertsAsked: map.expertsAsked,
    bottomLines: map.bottomLines,
    clusters: map.camps.map((camp) => ({ members: camp.members, weightShare: camp.weightShare })),
    majority: map.majority,
    dissenters: map.dissenters,
    commonRecommendations: map.commonRecommendations,
    uniqueInsights: map.uniqueInsights,
    analysis: { state: 'verified', ...verified },
  };
}

/** The verified map, when the consensus has one. */
export function verifiedMap(c: Pick<RunConsensus, 'analysis'>): VerifiedMap | null {
  return c.analysis?.state === 'verified' ? c.analysis.map : null;
}

/** Who produced the consensus: "Verified by gpt-4o, 14 of 15 attributions grounded" or "Estimated without an analyst". */
export function analysisNote(c: Pick<RunConsensus, 'analysis'>): string {
  const analysis: ConsensusAnalysis | null | undefined = c.analysis;
  if (!analysis) return 'Estimated without an analyst';
  const who = analysis.analyst.model;
  switch (analysis.state) {
    case 'running':
      return `Estimated without an analyst so far: ${who} is checking the answers`;
    case 'failed':
      return `Estimated without an analyst: ${who} ${analysis.reason}`;
    case 'verified': {
      const { grounded, attributions } = analysis.map.grounding;
      return `Verified by ${who}, ${grounded} of ${attributions} attribution${attributions === 1 ? '' : 's'} grounded`;
    }
  }
}
