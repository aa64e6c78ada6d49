import { CoreError } from '../../errors';
import type {
  AnalystOutput,
  AnalystQuote,
  AnswerStanding,
  Camp,
  DroppedAttribution,
  DropReason,
  GroundedQuote,
  GroundingOptions,
  LabelledAnswer,
  VerifiedClaim,
  VerifiedMap,
} from '../../types';
import { THRESHOLDS } from '../params';
import { shareKey } from '../shares';
import { wellFormed } from '../validate';
import { MAX_PANEL_BYTES, MAX_TEXT_BYTES } from '../limits';
import { GROUNDING } from './params';
import { findQuote, indexAnswer, type AnswerIndex } from './match';
import { Interner, readWords } from './words';

/**
 * Grounds the analyst's output (docs/consensus.md, "Grounding the analyst's map"): every
 * quote is looked up in the answer its letter names; what is not found is dropped and
 * counted; then camps, majority, claim support and findings are computed from what is left,
 * with the experts' weights and the analyst's confidences.
 */

interface Answer {
  label: string;
  expertId: string;
  text: string;
  weight: number;
  index: AnswerIndex;
}

type Stance = 'support' | 'oppose';

interface Claim {
  text: string;
  key: string;
  support: Map<number, GroundedQuote>;
  oppose: Map<number, GroundedQuote>;
}

export function groundAnalysis(answersIn: LabelledAnswer[], output: AnalystOutput, optionsIn?: GroundingOptions | null): VerifiedMap {
  // The door lets `null` through (as for calculateConsensus): it means no options.
  const options: GroundingOptions = optionsIn ?? {};
  const interner = new Interner();
  const answers = validateAnswers(answersIn, interner);
  const n = answers.length;
  const threshold = options.confidenceThreshold ?? THRESHOLDS.confidenceThreshold;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new CoreError('INVALID_ARGUMENT', 'confidenceThreshold must be a number between 0 and 1');
  const asked = options.expertsAsked ?? n;
  if (!Number.isInteger(asked) || asked < 0 || asked > GROUNDING.maxAnswers) {
    throw new CoreError('INVALID_ARGUMENT', `expertsAsked must be a whole number between 0 and ${GROUNDING.maxAnswers}`);
  }
  const expertsAsked = Math.max(asked, n);
  if (output.claims.length > GROUNDING.maxClaims) throw new CoreError('TOO_LARGE', `at most ${GROUNDING.maxClaims} claims are grounded`);
  if (output.answers.length > GROUNDING.maxClaims) throw new CoreError('TOO_LARGE', `at most ${GROUNDING.maxClaims} answer summaries are read`);

  const byLabel = new Map(answers.map((a, i) => [a.label, i]));
  const dropped: DroppedAttribution[] = [];
  let attributions = 0;
  let grounded = 0;
  const drop = (claim: string, label: string, stance: DroppedAttribution['stance'], quote: string, reason: DropReason) => {
    const at = byLabel.get(label);
    dropped.push({ claim, label, expertId: at === undefined ? null : (answers[at] as Answer).expertId, stance, quote, reason });
  };
  /** Grounds one attribution: the quote found in its answer, or null (and the drop recorded). */
  const ground = (claim: string, q: AnalystQuote, stance: DroppedAttribution['stance']): { at: number; quote: GroundedQuote } | null => {
    attributions++;
    const label = wellFormed(q.expert);
    const quote = wellFormed(q.quote);
    if (quote.length > GROUNDING.maxQuoteChars) throw new CoreError('TOO_LARGE', `a quote exceeds ${GROUNDING.maxQuoteChars} characters`);
    const at = byLabel.get(label);
    if (at === undefined) return drop(claim, label, stance, quote, 'unknown_label'), null;
    const words = readWords(quote, interner).ids;
    if (words.length === 0) return drop(claim, label, stance, quote, 'empty_quote'), null;
    const answer = answers[at] as Answer;
    const found = findQuote(answer.index, words, GROUNDING.tolerance);
    if (!found) return drop(claim, label, stance, quote, 'quote_not_found'), null;
    const start = answer.index.words.starts[found.first] as number;
    const end = answer.index.words.ends[found.last - 1] as number;
    grounded++;
    return { at, quote: { expertId: answer.expertId, quote, matched: answer.text.slice(start, end), start, end, edits: found.edits } };
  };

  // Bottom lines and confidences: the first summary per answer counts.
  const bottomLine: string[] = answers.map(() => '');
  const confidence: number[] = answers.map(() => 1);
  const summarised = new Set<number>();
  for (const summary of output.answers) {
    const text = clip(wellFormed(summary.bottomLine).trim());
    const at = byLabel.get(wellFormed(summary.expert));
    if (at === undefined) {
      attributions++;
      drop(text, wellFormed(summary.expert), 'bottom_line', wellFormed(summary.quote ?? ''), 'unknown_label');
      continue;
    }
    if (summarised.has(at)) continue;
    summarised.add(at);
    bottomLine[at] = text;
    const c = summary.confidence;
    if (c !== undefined && c !== null) {
      if (!Number.isFinite(c)) throw new CoreError('INVALID_CONFIDENCE', `answer ${summary.expert}: confidence must be a number between 0 and 1`);
      confidence[at] = Math.min(1, Math.max(0, c));
    }
    if (summary.quote !== undefined && summary.quote !== null) ground(text, { expert: summary.expert, quote: summary.quote }, 'bottom_line');
  }

  // Claims: grounded, merged by wording, kept when someone grounded asserts them.
  const claims: Claim[] = [];
  const byKey = new Map<string, Claim>();
  let claimsGiven = 0;
  let claimsMerged = 0;
  for (const raw of output.claims) {
    const text = clip(wellFormed(raw.text).trim());
    const key = readWords(text, interner).ids.join(' ');
    if (!key) continue;
    claimsGiven++;
    if (raw.support.length + raw.oppose.length > GROUNDING.maxAttributionsPerClaim) {
      throw new CoreError('TOO_LARGE', `a claim has more than ${GROUNDING.maxAttributionsPerClaim} attributions`);
    }
    let claim = byKey.get(key);
    if (claim) claimsMerged++;
    else {
      claim = { text, key, support: new Map(), oppose: new Map() };
      byKey.set(key, claim);
      claims.push(claim);
    }
    for (const stance of ['support', 'oppose'] as Stance[]) {
      for (const q of raw[stance]) {
        const found = ground(claim.text, q, stance);
        if (found && !claim[stance].has(found.at)) claim[stance].set(found.at, found.quote);
      }
    }
  }
  // An answer said to assert and to contradict one claim says neither.
  for (const claim of claims) {
    for (const [at, quote] of [...claim.support]) {
      const other = claim.oppose.get(at);
      if (!other) continue;
      claim.support.delete(at);
      claim.oppose.delete(at);
      const label = (answers[at] as Answer).label;
      grounded -= 2;
      dropped.push(
        { claim: claim.text, label, expertId: quote.expertId, stance: 'support', quote: quote.quote, reason: 'both_sides' },
        { claim: claim.text, label, expertId: other.expertId, stance: 'oppose', quote: other.quote, reason: 'both_sides' },
      );
    }
  }
  const kept = claims.filter((c) => c.support.size > 0);

  // Votes: weight x confidence; the missing experts vote the mean (as the offline engine).
  let votes = answers.map((a, i) => a.weight * (confidence[i] as number));
  let totalVote = votes.reduce((s, v) => s + v, 0);
  if (totalVote === 0) {
    votes = answers.map(() => 1);
    totalVote = n;
  }
  const allVotes = totalVote + (expertsAsked - n) * (totalVote / n);
  const share = (members: Iterable<number>) => {
    let sum = 0;
    for (const m of members) sum += votes[m] as number;
    return sum / allVotes;
  };

  // Camps: the same bottom line, and no claim one asserts and the other contradicts. The
  // answers in most conflicts are placed first; each joins the compatible camp with the
  // largest vote so far (the earliest on a tie), else starts its own.
  const lineKey = bottomLine.map((line) => readWords(line, interner).ids.join(' '));
  const opposed = (a: number, b: number) =>
    kept.some((c) => (c.support.has(a) && c.oppose.has(b)) || (c.oppose.has(a) && c.support.has(b)));
  const conflicts = answers.map((_, i) => answers.reduce((count, _a, j) => count + (j !== i && lineKey[i] === lineKey[j] && opposed(i, j) ? 1 : 0), 0));
  const placing = answers.map((_, i) => i).sort((a, b) => (conflicts[b] as number) - (conflicts[a] as number) || a - b);
  const campMembers: number[][] = [];
  for (const i of placing) {
    let home: number[] | undefined;
    let homeVote = -1;
    if (lineKey[i]) {
      for (const camp of campMembers) {
        if (lineKey[camp[0] as number] !== lineKey[i] || camp.some((m) => opposed(m, i))) continue;
        const vote = share(camp);
        if (shareKey(vote) > shareKey(homeVote)) {
          home = camp;
          homeVote = vote;
        }
      }
    }
    if (home) home.push(i);
    else campMembers.push([i]);
  }
  for (const camp of campMembers) camp.sort((a, b) => a - b);
  const camps = campMembers
    .map((members) => ({ members, weightShare: share(members) }))
    .sort((a, b) => shareKey(b.weightShare) - shareKey(a.weightShare) || (a.members[0] as number) - (b.members[0] as number));
  const leading = camps[0] as { members: number[]; weightShare: number };
  const inMajority = new Set(leading.members);
  const consensusConfidence = leading.weightShare;

  const verified: VerifiedClaim[] = kept.map((c) => {
    const supporters = [...c.support.keys()].sort((a, b) => a - b);
    const opponents = [...c.oppose.keys()].sort((a, b) => a - b);
    return {
      text: c.text,
      kind: opponents.length > 0 ? 'contradiction' : supporters.length >= 2 ? 'shared' : 'unique',
      supporters: supporters.map((m) => (answers[m] as Answer).expertId),
      opponents: opponents.map((m) => (answers[m] as Answer).expertId),
      support: share(supporters),
      opposition: share(opponents),
      supportQuotes: supporters.map((m) => c.support.get(m) as GroundedQuote),
      opposeQuotes: opponents.map((m) => c.oppose.get(m) as GroundedQuote),
    };
  });
  const rank = { contradiction: 0, shared: 1, unique: 2 } as const;
  const order = verified.map((_, i) => i).sort((a, b) => {
    const x = verified[a] as VerifiedClaim;
    const y = verified[b] as VerifiedClaim;
    return rank[x.kind] - rank[y.kind] || shareKey(y.support) - shareKey(x.support) || a - b;
  });
  const sorted = order.map((i) => verified[i] as VerifiedClaim);

  const standings: AnswerStanding[] = answers.map((a, i) => ({
    expertId: a.expertId,
    label: a.label,
    bottomLine: bottomLine[i] as string,
    words: a.index.words.ids.length,
    claimsSupported: kept.filter((c) => c.support.has(i)).length,
    claimsOpposed: kept.filter((c) => c.oppose.has(i)).length,
    inMajority: inMajority.has(i),
  }));

  return {
    consensusConfidence,
    reached: n >= 2 && consensusConfidence >= threshold,
    expertCount: n,
    expertsAsked,
    bottomLines: answers.flatMap((a, i) => (bottomLine[i] ? [{ expertId: a.expertId, text: bottomLine[i] as string }] : [])),
    camps: camps.map((c): Camp => ({
      members: c.members.map((m) => (answers[m] as Answer).expertId),
      bottomLine: bottomLine[c.members[0] as number] as string,
      weightShare: c.weightShare,
    })),
    majority: leading.members.map((m) => (answers[m] as Answer).expertId),
    dissenters: answers.filter((_, i) => !inMajority.has(i)).map((a) => a.expertId),
    claims: sorted,
    commonRecommendations: sorted
      .filter((c) => c.supporters.length >= 2)
      .map((c) => ({ text: c.text, supporters: c.supporters, support: c.support, evidence: c.supportQuotes.map((q) => ({ expertId: q.expertId, text: q.matched })) })),
    uniqueInsights: sorted
      .filter((c) => c.kind === 'unique')
      .map((c) => ({ expertId: c.supporters[0] as string, text: c.text, context: null, kind: 'insight' as const })),
    standings,
    grounding: {
      attributions,
      grounded,
      dropped: attributions - grounded,
      rate: attributions === 0 ? 0 : grounded / attributions,
      claimsGiven,
      claimsMerged,
      claimsUnsupported: claims.length - kept.length,
      claimsKept: kept.length,
    },
    dropped: dropped.slice(0, GROUNDING.maxDroppedListed),
  };
}

/** Texts the analyst wrote (claims, bottom lines) are cut at a bound, on a code point boundary. */
function clip(text: string): string {
  if (text.length <= GROUNDING.maxTextChars) return text;
  const cut = GROUNDING.maxTextChars;
  const code = text.charCodeAt(cut - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut);
}

function validateAnswers(answers: LabelledAnswer[], interner: Interner): Answer[] {
  if (answers.length === 0) throw new CoreError('EMPTY_PANEL', 'there are no answers to ground against');
  if (answers.length > GROUNDING.maxAnswers) throw new CoreError('TOO_LARGE', `at most ${GROUNDING.maxAnswers} answers are grounded`);
  const labels = new Set<string>();
  const experts = new Set<string>();
  let total = 0;
  return answers.map((a, i) => {
    const label = wellFormed(a.label);
    const expertId = wellFormed(a.expertId);
    if (!label) throw new CoreError('INVALID_ARGUMENT', `answer ${i} needs a non-empty label`);
    if (!expertId) throw new CoreError('INVALID_ARGUMENT', `answer ${i} needs a non-empty expertId`);
    if (labels.has(label)) throw new CoreError('DUPLICATE_EXPERT', `label "${label}" appears more than once`);
    if (experts.has(expertId)) throw new CoreError('DUPLICATE_EXPERT', `expert "${expertId}" appears more than once`);
    labels.add(label);
    experts.add(expertId);
    const weight = a.weight ?? 1;
    if (!Number.isFinite(weight) || weight <= 0) throw new CoreError('INVALID_WEIGHT', `expert "${expertId}": weight must be a finite number greater than 0`);
    const text = wellFormed(a.text);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_TEXT_BYTES) throw new CoreError('TOO_LARGE', `expert "${expertId}": the text exceeds ${MAX_TEXT_BYTES} bytes`);
    total += bytes;
    if (total > MAX_PANEL_BYTES) throw new CoreError('TOO_LARGE', `the answers exceed ${MAX_PANEL_BYTES} bytes in total`);
    return { label, expertId, text, weight, index: indexAnswer(readWords(text, interner)) };
  });
}
