/**
 * Step 7 of docs/consensus.md, "Findings": the common recommendations (claim groups of
 * two or more experts, kept coherent with the camps) and the unique insights (claims
 * only one expert makes, with the frame they were written in). A claim is in one or
 * the other, never both. Mirrored in native/core/src/findings.rs.
 */
import type { CommonRecommendation, UniqueInsight } from '../types';
import type { BottomLine } from './bottomLine';
import { DISAGREE } from './camps';
import { isSubstantive, Role, type Claim } from './claims';
import { UnitKind } from './markdown';
import { entitiesOf, foldText } from './bottomLine';
import { findQuantities } from './quantities';
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

/** A recommendation of `members` (claim indices) shown as `representative`, citing each supporter's claims. */
function recommendationOf(members: readonly number[], representative: number, input: RecommendationInput): { rec: Recommendation; first: number; size: number } {
  const experts = [...new Set(members.map((c) => (input.claims[c] as Claim).expert))].sort((a, b) => a - b);
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
  return {
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
  };
}

const CODE_SPAN = /`([^`\n]+)`/gu;
const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’.+#-]*/gu;

/** The specific things claims name: entities (capitalised mid-sentence somewhere in the panel) and code spans. */
function panelThings(claims: readonly Claim[]): string[] {
  const things = new Set<string>();
  for (const claim of claims) {
    if (!isSubstantive(claim)) continue;
    for (const e of entitiesOf(claim.text).entities) things.add(e);
    for (const m of claim.text.matchAll(CODE_SPAN)) {
      const code = foldText((m[1] as string).trim());
      if (/[\p{L}\p{N}]/u.test(code)) things.add(code);
    }
  }
  return [...things];
}

/**
 * Specific things (a name, a code identifier, a quantity with its unit) that two or more
 * experts, but not all, bring up in their claims are points they share even when the
 * sentences around them differ ("Floyd's bottom-up algorithm", "the Caspian Sea"). Things
 * every expert names are the topic; things that are a bottom line's key are its position.
 * A name counts wherever it appears, at the start of a sentence or in lower case too.
 */
function specificRecommendations(input: RecommendationInput, taken: ReadonlySet<number>, covered: readonly Recommendation[]): { rec: Recommendation; first: number; size: number }[] {
  const n = input.lines.length;
  if (n < 3) return [];
  const folded = input.claims.map((c) => ` ${(foldText(c.text).match(WORDS) ?? []).join(' ')} `);
  const byThing = new Map<string, number[]>();
  const note = (thing: string, c: number): void => {
    const list = byThing.get(thing) ?? [];
    if (!list.some((x) => (input.claims[x] as Claim).expert === (input.claims[c] as Claim).expert)) list.push(c);
    byThing.set(thing, list);
  };
  const things = panelThings(input.claims).map((t) => ({ thing: t, needle: ` ${(t.match(WORDS) ?? []).join(' ')} ` }));
  input.claims.forEach((claim, c) => {
    if (taken.has(c) || !isSubstantive(claim) || claim.context !== null) return;
    for (const { thing, needle } of things) if (needle.trim() !== '' && (folded[c] as string).includes(needle)) note(`e:${thing}`, c);
    for (const q of findQuantities(claim.text)) if (q.dimension !== '') note(`q:${q.dimension}:${Number(q.value.toPrecision(4))}`, c);
  });
  const positionKeys = new Set<string>();
  for (const line of input.lines) for (const e of line.entities) positionKeys.add(`e:${e}`);
  const out: { rec: Recommendation; first: number; size: number }[] = [];
  for (const [thing, members] of byThing) {
    if (members.length < 2 || members.length >= n || positionKeys.has(thing)) continue;
    const experts = members.map((c) => input.ids[(input.claims[c] as Claim).expert] as string).sort();
    // Already said by a listed recommendation with the same supporters.
    if (covered.some((r) => r.recommendation.supporters.join() === experts.join()) || out.some((o) => o.rec.recommendation.supporters.join() === experts.join())) continue;
    out.push(recommendationOf(members, medoid(members, input.meaning), input));
  }
  return out;
}

export function commonRecommendations(input: RecommendationInput): Recommendation[] {
  const out = positionRecommendations(input);
  const taken = new Set<number>(input.caveats);
  for (const o of out) for (const c of o.rec.claims) taken.add(c);
  for (const group of input.groups) {
    if (group.experts.length < 2) continue;
    // A bottom line already shown as its position's recommendation is not shown again.
    const members = coherentMembers(group, input).filter((c) => !taken.has(c));
    if (new Set(members.map((c) => (input.claims[c] as Claim).expert)).size < 2) continue;
    out.push(recommendationOf(members, medoid(members, input.meaning), input));
  }
  for (const o of out) for (const c of o.rec.claims) taken.add(c);
  out.push(...specificRecommendations(input, taken, out.map((o) => o.rec)));
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
      // A table row read alone ("Point reads | excellent | excellent") is no insight.
      if (claim.kind === UnitKind.Table || input.used.has(c) || input.caveats.has(c) || (input.nearest[c] as number) >= novelty) continue;
      const list = perExpert.get(claim.expert) ?? [];
      list.push({ claim: c, caveat: false });
      perExpert.set(claim.expert, list);
    }
  }
  // Points framed as an alternative are matched with nobody: each is its expert's insight, with its frame.
  input.claims.forEach((claim, c) => {
    if (claim.context === null || !isSubstantive(claim) || input.used.has(c) || input.caveats.has(c)) return;
    perExpert.set(claim.expert, [...(perExpert.get(claim.expert) ?? []), { claim: c, caveat: false }]);
  });
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
