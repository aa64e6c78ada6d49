/**
 * Step 7 of docs/consensus.md, "Findings": the common recommendations (claim groups of
 * two or more experts, kept coherent with the camps) and the unique insights (claims
 * only one expert makes, with the frame they were written in). A claim is in one or
 * the other, never both. Mirrored in native/core/src/findings.rs.
 */
import type { CommonRecommendation, UniqueInsight } from '../types';
import type { BottomLine } from './bottomLine';
import { DISAGREE } from './camps';
import { Role, type Claim } from './claims';
import type { ClaimGroup } from './groups';
import { plainText, type Meaning } from './meaning';
import { CONDITION_CUES, LIMITS, THRESHOLDS } from './params';
import { shareKey } from './shares';

export interface Recommendation {
  recommendation: CommonRecommendation;
  /** Claim indices cited as its evidence. */
  claims: number[];
}

interface RecommendationInput {
  claims: readonly Claim[];
  groups: readonly ClaimGroup[];
  meaning: Meaning;
  /** Per expert, the panel index of the claim holding its bottom line, or -1. */
  lineClaims: readonly number[];
  relation: readonly (readonly number[])[];
  agreement: readonly (readonly number[])[];
  camps: readonly (readonly number[])[];
  lines: readonly BottomLine[];
  /** Bottom-line claims stated with a condition (caveatClaims). */
  caveats: ReadonlySet<number>;
  campOf: Int32Array;
  ids: readonly string[];
  votes: readonly number[];
  totalVote: number;
}

/**
 * A group that holds an expert's bottom line speaks for that expert's conclusion:
 * experts whose bottom line disagrees with it are not its supporters.
 */
function coherentMembers(group: ClaimGroup, input: RecommendationInput): number[] {
  const owners: number[] = [];
  for (const c of group.members) {
    const e = (input.claims[c] as Claim).expert;
    if (input.lineClaims[e] === c) owners.push(e);
  }
  if (owners.length === 0) return group.members;
  return group.members.filter((c) => {
    const e = (input.claims[c] as Claim).expert;
    return owners.every((o) => ((input.relation[o] as readonly number[])[e] as number) !== DISAGREE && input.campOf[o] === input.campOf[e]);
  });
}

/** The member most like the others (ties: the earliest). */
function medoid(members: readonly number[], meaning: Meaning): number {
  let best = members[0] as number;
  let bestScore = -Infinity;
  for (const a of members) {
    let score = 0;
    for (const b of members) if (a !== b) score += meaning.similarity(a, b);
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  }
  return best;
}

/**
 * Each position held by two or more experts is a common recommendation in itself: its
 * bottom line, worded as its most central member wrote it, backed by every member's.
 */
function positionRecommendations(input: RecommendationInput): { rec: Recommendation; first: number; size: number }[] {
  const out: { rec: Recommendation; first: number; size: number }[] = [];
  for (const camp of input.camps) {
    const members = camp.filter((e) => (input.lineClaims[e] as number) >= 0 && (input.lines[e] as BottomLine).statement !== '');
    if (members.length < 2) continue;
    // A bottom line stated with a condition backs the position and is shown as that expert's caveat, not cited here.
    // Headings are never recommendations: a position stated only in headings is cited by no one.
    const cited = members.filter((e) => {
      const c = input.lineClaims[e] as number;
      return !input.caveats.has(c) && (input.claims[c] as Claim).role === Role.Claim;
    });
    if (cited.length < 2) continue;
    let central = cited[0] as number;
    let best = -Infinity;
    for (const a of cited) {
      let score = 0;
      for (const b of members) if (a !== b) score += (input.agreement[a] as readonly number[])[b] as number;
      if (score > best) {
        best = score;
        central = a;
      }
    }
    let vote = 0;
    for (const e of members) vote += input.votes[e] as number;
    out.push({
      rec: {
        recommendation: {
          text: plainText((input.claims[input.lineClaims[central] as number] as Claim).sentence),
          supporters: members.map((e) => input.ids[e] as string),
          support: vote / input.totalVote,
          evidence: cited.map((e) => ({ expertId: input.ids[e] as string, text: (input.claims[input.lineClaims[e] as number] as Claim).text })),
        },
        claims: cited.map((e) => input.lineClaims[e] as number),
      },
      first: input.lineClaims[members[0] as number] as number,
      size: members.length,
    });
  }
  return out;
}

export function commonRecommendations(input: RecommendationInput): Recommendation[] {
  const out = positionRecommendations(input);
  const onPositions = new Set<number>(input.caveats);
  for (const o of out) for (const c of o.rec.claims) onPositions.add(c);
  for (const group of input.groups) {
    if (group.experts.length < 2) continue;
    // A bottom line already shown as its position's recommendation is not shown again.
    const members = coherentMembers(group, input).filter((c) => !onPositions.has(c));
    const experts = [...new Set(members.map((c) => (input.claims[c] as Claim).expert))].sort((a, b) => a - b);
    if (experts.length < 2) continue;
    const representative = medoid(members, input.meaning);
    const evidence: { expertId: string; text: string }[] = [];
    const cited: number[] = [];
    for (const e of experts) {
      let k = 0;
      for (const c of members) {
        if ((input.claims[c] as Claim).expert !== e || k >= LIMITS.maxEvidencePerSupporter) continue;
        evidence.push({ expertId: input.ids[e] as string, text: (input.claims[c] as Claim).text });
        cited.push(c);
        k++;
      }
    }
    let vote = 0;
    for (const e of experts) vote += input.votes[e] as number;
    out.push({
      rec: {
        recommendation: {
          text: plainText((input.claims[representative] as Claim).text),
          supporters: experts.map((e) => input.ids[e] as string),
          support: vote / input.totalVote,
          evidence,
        },
        claims: cited,
      },
      first: members[0] as number,
      size: experts.length,
    });
  }
  out.sort(
    (a, b) => shareKey(b.rec.recommendation.support) - shareKey(a.rec.recommendation.support) || b.size - a.size || a.first - b.first,
  );
  return out.slice(0, LIMITS.maxRecommendations).map((o) => o.rec);
}

interface InsightInput {
  claims: readonly Claim[];
  groups: readonly ClaimGroup[];
  nearest: Float64Array;
  meaning: Meaning;
  /** Claims cited by a recommendation. */
  used: ReadonlySet<number>;
  caveats: ReadonlySet<number>;
  ids: readonly string[];
}

/** Whether a claim puts a condition on something ("only if", "as long as", "unless"). */
export function statesCondition(text: string): boolean {
  const lower = ` ${text.toLowerCase().replace(/[*_`]/gu, '')} `;
  return CONDITION_CUES.some((cue) => lower.includes(` ${cue} `) || lower.includes(` ${cue},`));
}

/**
 * Bottom lines stated with a condition ("Yes, but only if the recipe does not rely on
 * creaming") by an expert whose position others share without it: that expert's caveat.
 */
export function caveatClaims(claims: readonly Claim[], lineClaims: readonly number[], camps: readonly (readonly number[])[]): Set<number> {
  const out = new Set<number>();
  for (const camp of camps) {
    if (camp.length < 2) continue;
    for (const e of camp) {
      const c = lineClaims[e] as number;
      if (c >= 0 && statesCondition((claims[c] as Claim).sentence)) out.add(c);
    }
  }
  return out;
}

export function uniqueInsights(input: InsightInput): UniqueInsight[] {
  const novelty = input.meaning.semantic ? THRESHOLDS.insightNovelty : THRESHOLDS.claimMatchLexical * THRESHOLDS.insightNovelty;
  const perExpert = new Map<number, { claim: number; caveat: boolean }[]>();
  for (const c of input.caveats) {
    const e = (input.claims[c] as Claim).expert;
    perExpert.set(e, [...(perExpert.get(e) ?? []), { claim: c, caveat: true }]);
  }
  for (const group of input.groups) {
    if (group.experts.length !== 1) continue;
    for (const c of group.members) {
      const claim = input.claims[c] as Claim;
      if (input.used.has(c) || input.caveats.has(c) || (input.nearest[c] as number) >= novelty) continue;
      const list = perExpert.get(claim.expert) ?? [];
      list.push({ claim: c, caveat: false });
      perExpert.set(claim.expert, list);
    }
  }
  const out: { insight: UniqueInsight; caveat: boolean; novelty: number; claim: number }[] = [];
  for (const [, list] of perExpert) {
    list.sort((a, b) => Number(b.caveat) - Number(a.caveat) || (input.nearest[a.claim] as number) - (input.nearest[b.claim] as number) || a.claim - b.claim);
    for (const item of list.slice(0, LIMITS.maxInsightsPerExpert)) {
      const claim = input.claims[item.claim] as Claim;
      out.push({
        insight: {
          expertId: input.ids[claim.expert] as string,
          text: plainText(item.caveat ? claim.sentence : claim.text),
          context: claim.context === null ? null : plainText(claim.context),
          kind: item.caveat ? 'caveat' : 'insight',
        },
        caveat: item.caveat,
        novelty: input.nearest[item.claim] as number,
        claim: item.claim,
      });
    }
  }
  out.sort((a, b) => Number(b.caveat) - Number(a.caveat) || a.claim - b.claim);
  return out.map((o) => o.insight);
}
