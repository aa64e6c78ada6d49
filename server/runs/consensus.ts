import type { BottomLineSummary, CommonRecommendation, UniqueInsight } from '../core/types';
import type { AnswerStanding, Camp, DroppedAttribution, GroundedQuote, GroundingStats, VerifiedClaim, VerifiedMap } from '../core/types';
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
    // A malformed analysis (old or damaged JSON) is dropped: the estimate then stands as it is.
    analysis: normalizeAnalysis(c.analysis),
  };
}

const PROVIDERS = new Set(['openai', 'anthropic', 'gemini', 'openai_compatible']);
const CLAIM_KINDS = new Set(['contradiction', 'shared', 'unique']);
const DROP_REASONS = new Set(['quote_not_found', 'unknown_label', 'empty_quote', 'both_sides']);
const STANCES = new Set(['support', 'oppose', 'bottom_line']);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const allOf = <T>(value: unknown, item: (v: unknown) => T | null): T[] | null => {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const v of value) {
    const parsed = item(v);
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
};
const stringList = (value: unknown): string[] | null => allOf(value, (v) => (isString(v) ? v : null));

function analystRef(raw: unknown): AnalystRef | null {
  if (!isRecord(raw) || !isString(raw.expertName) || !isString(raw.model) || !isString(raw.provider) || !PROVIDERS.has(raw.provider)) return null;
  return { expertName: raw.expertName, provider: raw.provider as AnalystRef['provider'], model: raw.model };
}

function groundedQuote(raw: unknown): GroundedQuote | null {
  if (!isRecord(raw) || !isString(raw.expertId) || !isString(raw.quote) || !isString(raw.matched)) return null;
  return { expertId: raw.expertId, quote: raw.quote, matched: raw.matched, start: finite(raw.start, 0), end: finite(raw.end, 0), edits: finite(raw.edits, 0) };
}

function verifiedClaim(raw: unknown): VerifiedClaim | null {
  if (!isRecord(raw) || !isString(raw.text) || !isString(raw.kind) || !CLAIM_KINDS.has(raw.kind)) return null;
  const supporters = stringList(raw.supporters);
  const opponents = stringList(raw.opponents);
  const supportQuotes = allOf(raw.supportQuotes, groundedQuote);
  const opposeQuotes = allOf(raw.opposeQuotes, groundedQuote);
  if (!supporters || !opponents || !supportQuotes || !opposeQuotes) return null;
  return {
    text: raw.text,
    kind: raw.kind as VerifiedClaim['kind'],
    supporters,
    opponents,
    support: finite(raw.support, 0),
    opposition: finite(raw.opposition, 0),
    supportQuotes,
    opposeQuotes,
  };
}

function groundingStats(raw: unknown): GroundingStats | null {
  if (!isRecord(raw) || !isNumber(raw.attributions) || !isNumber(raw.grounded)) return null;
  const attributions = Math.max(0, Math.round(raw.attributions));
  const grounded = Math.min(attributions, Math.max(0, Math.round(raw.grounded)));
  return {
    attributions,
    grounded,
    dropped: Math.max(0, Math.round(finite(raw.dropped, attributions - grounded))),
    rate: finite(raw.rate, attributions ? grounded / attributions : 0),
    claimsGiven: Math.max(0, Math.round(finite(raw.claimsGiven, 0))),
    claimsMerged: Math.max(0, Math.round(finite(raw.claimsMerged, 0))),
    claimsUnsupported: Math.max(0, Math.round(finite(raw.claimsUnsupported, 0))),
    claimsKept: Math.max(0, Math.round(finite(raw.claimsKept, 0))),
  };
}

function droppedAttribution(raw: unknown): DroppedAttribution | null {
  if (!isRecord(raw) || !isString(raw.claim) || !isString(raw.label) || !isString(raw.quote)) return null;
  if (!isString(raw.reason) || !DROP_REASONS.has(raw.reason) || !isString(raw.stance) || !STANCES.has(raw.stance)) return null;
  return {
    claim: raw.claim,
    label: raw.label,
    expertId: isString(raw.expertId) ? raw.expertId : null,
    stance: raw.stance as DroppedAttribution['stance'],
    quote: raw.quote,
    reason: raw.reason as DroppedAttribution['reason'],
  };
}

function answerStanding(raw: unknown): AnswerStanding | null {
  if (!isRecord(raw) || !isString(raw.expertId) || !isNumber(raw.words)) return null;
  return {
    expertId: raw.expertId,
    label: isString(raw.label) ? raw.label : '',
    bottomLine: isString(raw.bottomLine) ? raw.bottomLine : '',
    words: Math.max(0, Math.round(raw.words)),
    claimsSupported: Math.max(0, Math.round(finite(raw.claimsSupported, 0))),
    claimsOpposed: Math.max(0, Math.round(finite(raw.claimsOpposed, 0))),
    inMajority: raw.inMajority === true,
  };
}

function camp(raw: unknown): Camp | null {
  if (!isRecord(raw)) return null;
  const members = stringList(raw.members);
  return members ? { members, bottomLine: isString(raw.bottomLine) ? raw.bottomLine : '', weightShare: finite(raw.weightShare, 0) } : null;
}

function verifiedMapOf(raw: unknown): VerifiedMap | null {
  if (!isRecord(raw)) return null;
  const claims = allOf(raw.claims, verifiedClaim);
  const grounding = groundingStats(raw.grounding);
  const standings = allOf(raw.standings ?? [], answerStanding);
  const dropped = allOf(raw.dropped ?? [], droppedAttribution);
  const camps = allOf(raw.camps ?? [], camp);
  const majority = stringList(raw.majority ?? []);
  const dissenters = stringList(raw.dissenters ?? []);
  if (!claims || !grounding || !standings || !dropped || !camps || !majority || !dissenters) return null;
  const expertCount = Math.max(0, Math.round(finite(raw.expertCount, standings.length)));
  return {
    // The map's shared recommendations, insights and bottom lines are the consensus' own
    // fields (normalised there); they are kept here as they are.
    ...(raw as unknown as VerifiedMap),
    consensusConfidence: finite(raw.consensusConfidence, 0),
    reached: raw.reached === true,
    expertCount,
    expertsAsked: Math.max(expertCount, Math.round(finite(raw.expertsAsked, expertCount))),
    bottomLines: list(raw.bottomLines).map((b) => ({ expertId: String(b.expertId ?? ''), text: String(b.text ?? '') })),
    commonRecommendations: Array.isArray(raw.commonRecommendations) ? (raw.commonRecommendations as VerifiedMap['commonRecommendations']) : [],
    uniqueInsights: Array.isArray(raw.uniqueInsights) ? (raw.uniqueInsights as VerifiedMap['uniqueInsights']) : [],
    camps,
    majority,
    dissenters,
    claims,
    standings,
    grounding,
    dropped,
  };
}

/**
 * A stored analysis as the readers can rely on it, or null when there is none or it is
 * malformed (an unknown state, no analyst, a verified map whose claims, quotes or
 * grounding figures are not what the core writes).
 */
export function normalizeAnalysis(raw: unknown): ConsensusAnalysis | null {
  if (!isRecord(raw)) return null;
  const analyst = analystRef(raw.analyst);
  if (!analyst) return null;
  switch (raw.state) {
    case 'running':
      return { state: 'running', analyst };
    case 'failed':
      return isString(raw.reason) && raw.reason.trim() ? { state: 'failed', analyst, reason: raw.reason } : null;
    case 'verified': {
      const map = verifiedMapOf(raw.map);
      const labels = allOf(raw.labels ?? [], (l) => (isRecord(l) && isString(l.label) && isString(l.expertId) ? { label: l.label, expertId: l.expertId } : null));
      const biasControls = stringList(raw.biasControls ?? []);
      if (!map || !labels || !biasControls) return null;
      return { state: 'verified', analyst, map, labels, biasControls };
    }
    default:
      return null;
  }
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

/**
 * The method line while the panel is still answering and an analyst is to check the answers
 * (the run has no analysis yet): the live estimate is the offline engine's.
 */
export function analystPendingNote(model: string): string {
  return `Estimated without an analyst so far: ${model} checks the answers once they are in`;
}

/** "14 of 15 attributions grounded (93%)": the grounding figures on their own. */
export function groundingNote(g: Pick<GroundingStats, 'attributions' | 'grounded'>): string {
  const rate = g.attributions ? ` (${Math.round((g.grounded / g.attributions) * 100)}%)` : '';
  return `${g.grounded} of ${g.attributions} attribution${g.attributions === 1 ? '' : 's'} grounded${rate}`;
}

/** What grounding did beyond the attributions: "1 dropped, 1 claim merged, 1 claim left without support". */
export function groundingDetails(g: GroundingStats): string {
  const parts = [`${g.dropped} dropped`, `${g.claimsKept} of ${g.claimsGiven} claim${g.claimsGiven === 1 ? '' : 's'} kept`];
  if (g.claimsMerged) parts.push(`${g.claimsMerged} merged into an earlier one with the same wording`);
  if (g.claimsUnsupported) parts.push(`${g.claimsUnsupported} left without grounded support`);
  return parts.join(', ');
}

const DROP_WORDING: Record<DroppedAttribution['reason'], string> = {
  quote_not_found: 'quote not found',
  unknown_label: 'no such answer',
  empty_quote: 'empty quote',
  both_sides: 'said to assert and to contradict the same claim',
};

export const dropReasonText = (reason: DroppedAttribution['reason']): string => DROP_WORDING[reason] ?? reason;

/** "Nova — quote not found: “transactions matter most”" (the letter when it names no answer). */
export function droppedLine(d: DroppedAttribution): string {
  const who = d.expertId ?? `answer “${d.label}”`;
  return `${who} — ${dropReasonText(d.reason)}: “${d.quote}”`;
}

/**
 * A grounded quote as plain text for a reader: the answer's own words (`matched`) without
 * their Markdown (emphasis and code markers, link targets, list and heading markers) and on
 * one line. What the Consensus region, the Markdown export and the Drive document show
 * between quotation marks; the cards highlight `matched` itself.
 */
export function quoteText(q: Pick<GroundedQuote, 'matched'>): string {
  return q.matched
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+/gm, '')
    .replace(/(?<![\p{L}\p{N}])[*_`~]+|[*_`~]+(?![\p{L}\p{N}])|\*+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Contradiction", "Shared", "Unique": a claim's kind as a word. */
export function claimKindLabel(kind: VerifiedClaim['kind']): string {
  return kind === 'contradiction' ? 'Contradiction' : kind === 'shared' ? 'Shared' : 'Unique';
}

/** The claims some experts assert and others contradict. */
export const contradictions = (map: Pick<VerifiedMap, 'claims'>): VerifiedClaim[] => map.claims.filter((c) => c.kind === 'contradiction');
