/**
 * Claims (sentences and list items that are not filler) matched across the panel.
 * Claims are grouped by leader clustering: in input order, each claim joins the
 * group whose first claim (its leader) is the most similar at cosine >= the
 * threshold, else it leads a new group. Negated terms are distinct features, so
 * "use X" never joins "do not use X". Groups backed by two or more experts are
 * common recommendations; groups of one expert give unique insights.
 * Mirrored in native/core/src/claims.rs.
 */
import type { Corpus } from './documents';
import {
  MAX_EVIDENCE_PER_SUPPORTER,
  MAX_INSIGHTS_PER_EXPERT,
  MAX_PANEL_CLAIMS,
  MAX_RECOMMENDATIONS,
  MIN_CLAIMS_PER_EXPERT,
  MIN_INSIGHT_TERMS,
} from './limits';
import { shareKey } from './shares';
import { conclusionIndices, cueEnd, headStart, headVector } from './conclusions';
import { isClaim, type Unit } from './pipeline';
import { countTerms, weigh, type SparseVector } from './vectors';
import type { CommonRecommendation, UniqueInsight } from '../types';

export interface Claim {
  expert: number;
  text: string;
  vector: SparseVector;
  /** Distinct terms, negation ignored. */
  distinctTerms: number;
  /** Head vector when the claim is one of its answer's conclusions (conclusions.ts), else null. */
  head: SparseVector | null;
}

function distinctTermCount(v: SparseVector): number {
  let count = 0;
  let last = -1;
  for (const id of v.ids) {
    if (id >> 1 !== last) count++;
    last = id >> 1;
  }
  return count;
}

/** The first claims of every expert, at most an even share of MAX_PANEL_CLAIMS each. */
export function collectClaims(texts: readonly string[], corpus: Corpus): Claim[] {
  const cap = Math.max(MIN_CLAIMS_PER_EXPERT, Math.floor(MAX_PANEL_CLAIMS / Math.max(1, texts.length)));
  const claims: Claim[] = [];
  texts.forEach((text, expert) => {
    const units: Unit[] = [];
    for (const unit of corpus.units[expert] ?? []) {
      if (units.length >= cap) break;
      if (isClaim(unit)) units.push(unit);
    }
    const cues = units.map((unit) => cueEnd(text.slice(unit.start, unit.end)));
    const heads: (SparseVector | null)[] = units.map(() => null);
    for (const k of conclusionIndices(cues.map((c) => c >= 0))) {
      const unit = units[k] as Unit;
      heads[k] = headVector(unit.features, headStart(text.slice(unit.start, unit.end), cues[k] as number));
    }
    units.forEach((unit, k) => {
      const vector = weigh(countTerms(unit.features), corpus.idf);
      claims.push({ expert, text: text.slice(unit.start, unit.end), vector, distinctTerms: distinctTermCount(vector), head: heads[k] ?? null });
    });
  });
  return claims;
}

/** Group index of every claim (groups numbered by their leader's order). */
export function groupClaims(claims: readonly Claim[], featureCount: number, threshold: number): Int32Array {
  const groupOf = new Int32Array(claims.length);
  // Inverted index over leaders: feature -> leader ordinals and weights, in leader order.
  const postingLeaders: (number[] | undefined)[] = new Array(featureCount);
  const postingWeights: (number[] | undefined)[] = new Array(featureCount);
  const scores = new Float64Array(claims.length);
  const touched: number[] = [];
  let leaders = 0;

  claims.forEach((claim, i) => {
    const { ids, weights } = claim.vector;
    for (let k = 0; k < ids.length; k++) {
      const f = ids[k] as number;
      const list = postingLeaders[f];
      if (list === undefined) continue;
      const lw = postingWeights[f] as number[];
      const w = weights[k] as number;
      for (let p = 0; p < list.length; p++) {
        const leader = list[p] as number;
        if (scores[leader] === 0) touched.push(leader);
        scores[leader] = (scores[leader] as number) + w * (lw[p] as number);
      }
    }
    let best = -1;
    let bestScore = -Infinity;
    for (const leader of touched) {
      const s = scores[leader] as number;
      if (s > bestScore || (s === bestScore && leader < best)) {
        bestScore = s;
        best = leader;
      }
      scores[leader] = 0;
    }
    touched.length = 0;
    if (best >= 0 && bestScore >= threshold) {
      groupOf[i] = best;
      return;
    }
    groupOf[i] = leaders;
    for (let k = 0; k < ids.length; k++) {
      const f = ids[k] as number;
      (postingLeaders[f] ??= []).push(leaders);
      (postingWeights[f] ??= []).push(weights[k] as number);
    }
    leaders++;
  });
  return groupOf;
}

/** For every claim, how many experts make a claim of its group. */
export function claimSupport(claims: readonly Claim[], groupOf: Int32Array): Int32Array {
  const experts = new Map<number, Set<number>>();
  claims.forEach((claim, i) => {
    const g = groupOf[i] as number;
    let set = experts.get(g);
    if (set === undefined) {
      set = new Set();
      experts.set(g, set);
    }
    set.add(claim.expert);
  });
  return Int32Array.from(claims, (_, i) => experts.get(groupOf[i] as number)?.size ?? 1);
}

interface Group {
  index: number;
  claims: number[];
  experts: number[];
  representative: number;
}

/** The member closest to the group's centroid (sum of cosines to the others), first on ties. */
function representativeOf(members: readonly number[], claims: readonly Claim[], centroid: Float64Array): number {
  for (const m of members) {
    const { ids, weights } = (claims[m] as Claim).vector;
    for (let k = 0; k < ids.length; k++) centroid[ids[k] as number] = (centroid[ids[k] as number] as number) + (weights[k] as number);
  }
  // Scores compare as share keys: in a group of two both score 1 + cos exactly,
  // and only rounding noise would otherwise pick one.
  let best = members[0] as number;
  let bestKey = -Infinity;
  for (const m of members) {
    const { ids, weights } = (claims[m] as Claim).vector;
    let score = 0;
    for (let k = 0; k < ids.length; k++) score += (centroid[ids[k] as number] as number) * (weights[k] as number);
    const key = shareKey(score);
    if (key > bestKey) {
      bestKey = key;
      best = m;
    }
  }
  for (const m of members) for (const id of (claims[m] as Claim).vector.ids) centroid[id] = 0;
  return best;
}

function buildGroups(claims: readonly Claim[], groupOf: Int32Array, featureCount: number): Group[] {
  const groups: Group[] = [];
  claims.forEach((claim, i) => {
    const g = groupOf[i] as number;
    let group = groups[g];
    if (group === undefined) {
      group = { index: g, claims: [], experts: [], representative: i };
      groups[g] = group;
    }
    group.claims.push(i);
    if (group.experts[group.experts.length - 1] !== claim.expert) group.experts.push(claim.expert);
  });
  const centroid = new Float64Array(featureCount);
  for (const group of groups) group.representative = representativeOf(group.claims, claims, centroid);
  return groups;
}

export interface Findings {
  commonRecommendations: CommonRecommendation[];
  uniqueInsights: UniqueInsight[];
}

export function summarizeClaims(
  claims: readonly Claim[],
  groupOf: Int32Array,
  featureCount: number,
  expertIds: readonly string[],
  votes: readonly number[],
  totalVote: number,
): Findings {
  const groups = buildGroups(claims, groupOf, featureCount);
  const shared = groups
    .filter((g) => g.experts.length >= 2)
    .map((g) => {
      let sum = 0;
      for (const e of g.experts) sum += votes[e] as number;
      return { group: g, support: sum / totalVote };
    })
    .sort(
      (a, b) =>
        shareKey(b.support) - shareKey(a.support) ||
        b.group.experts.length - a.group.experts.length ||
        a.group.index - b.group.index,
    )
    .slice(0, MAX_RECOMMENDATIONS);

  const commonRecommendations = shared.map(({ group, support }) => {
    const evidence: { expertId: string; text: string }[] = [];
    for (const expert of group.experts) {
      let given = 0;
      for (const c of group.claims) {
        const claim = claims[c] as Claim;
        if (claim.expert !== expert || given >= MAX_EVIDENCE_PER_SUPPORTER) continue;
        evidence.push({ expertId: expertIds[expert] as string, text: claim.text });
        given++;
      }
    }
    return {
      text: (claims[group.representative] as Claim).text,
      supporters: group.experts.map((e) => expertIds[e] as string),
      support,
      evidence,
    };
  });

  const perExpert: { group: Group; salience: number }[][] = expertIds.map(() => []);
  for (const group of groups) {
    const rep = claims[group.representative] as Claim;
    if (group.experts.length !== 1 || rep.distinctTerms < MIN_INSIGHT_TERMS) continue;
    (perExpert[rep.expert] as { group: Group; salience: number }[]).push({ group, salience: rep.vector.norm });
  }
  const uniqueInsights: UniqueInsight[] = [];
  perExpert.forEach((candidates, expert) => {
    candidates
      .sort((a, b) => shareKey(b.salience) - shareKey(a.salience) || a.group.index - b.group.index)
      .slice(0, MAX_INSIGHTS_PER_EXPERT)
      .forEach(({ group }) => uniqueInsights.push({ expertId: expertIds[expert] as string, text: (claims[group.representative] as Claim).text }));
  });
  return { commonRecommendations, uniqueInsights };
}
