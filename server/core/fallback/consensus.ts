/**
 * calculateConsensus: docs/consensus.md is the specification; the steps below carry
 * its names. Mirrored in native/core/src/consensus.rs.
 *
 *  1. claims       every answer cut into units with roles and frames (claims.ts)
 *  2. meaning      claim similarity: sentence embeddings, or TF-IDF without the model (meaning.ts)
 *  3. bottom lines what each answer concludes, normalised (bottomLine.ts)
 *  4. claim groups claims of different experts that say the same thing (groups.ts)
 *  5. camps        who concludes the same (camps.ts)
 *  6. votes        weight x confidence; majority, dissenters, confidence over every expert asked
 *  7. findings     common recommendations (coherent with the camps) and unique insights (findings.ts)
 */
import type { Cluster, ConsensusOptions, ConsensusResult, ExpertResponse } from '../types';
import { bottomLineOf, foldText, type BottomLine } from './bottomLine';
import { formCamps } from './camps';
import { answerClaims, isSubstantive, Role, type Claim } from './claims';
import { buildCorpus } from './documents';
import { extractFinalAnswer } from './finalAnswer';
import { defaultEncoder } from './encoder';
import { caveatClaims, commonRecommendations, uniqueInsights } from './findings';
import { groupClaims } from './groups';
import { claimMeaning, dot, plainText, type Meaning, type SentenceEncoder } from './meaning';
import { FILLER_PROTOTYPES, LIMITS, THRESHOLDS } from './params';
import { shareKey } from './shares';
import { validatePanel } from './validate';

/** Claims whose meaning is that of a filler prototype ("Great question!", "consult a professional") are filler. */
function markSemanticFiller(claims: Claim[], vectorOf: (i: number) => Float32Array | null, encode: SentenceEncoder): void {
  const prototypes = encode(FILLER_PROTOTYPES);
  if (prototypes === null) return;
  claims.forEach((claim, i) => {
    const v = vectorOf(i);
    if (claim.role !== Role.Claim || v === null) return;
    for (const p of prototypes) {
      if (dot(v, p) >= THRESHOLDS.fillerPrototype) {
        claim.role = Role.Filler;
        return;
      }
    }
  });
}

/**
 * A sentence that most answers repeat nearly word for word ("Great question! The right
 * answer depends on your situation", "consult a qualified attorney") is boilerplate:
 * real experts do not write the same sentence, templates do. It is filler, so it
 * neither makes answers agree nor stands as their bottom line or a recommendation.
 */
function markBoilerplate(claims: Claim[], meaning: Meaning, expertCount: number): void {
  const needed = Math.max(LIMITS.boilerplateMinExperts, Math.ceil(expertCount * THRESHOLDS.boilerplateShare));
  if (expertCount < needed) return;
  const keys = claims.map((c) => plainText(c.text).toLowerCase());
  const boiler: number[] = [];
  claims.forEach((a, i) => {
    if (!isSubstantive(a)) return;
    const experts = new Set<number>([a.expert]);
    const va = meaning.vector(i);
    claims.forEach((b, j) => {
      if (b.expert === a.expert || experts.has(b.expert) || !isSubstantive(b)) return;
      const vb = meaning.vector(j);
      const same = va !== null && vb !== null ? dot(va, vb) >= THRESHOLDS.boilerplate : keys[i] === keys[j];
      if (same) experts.add(b.expert);
    });
    if (experts.size >= needed) boiler.push(i);
  });
  for (const i of boiler) (claims[i] as Claim).role = Role.Filler;
}

export function calculateConsensusWith(responses: ExpertResponse[], options: ConsensusOptions | undefined, encode: SentenceEncoder): ConsensusResult {
  const panel = validatePanel(responses, options);
  const experts = panel.experts;
  const n = experts.length;
  const ids = experts.map((e) => e.id);

  // 1. claims
  const corpus = buildCorpus(experts.map((e) => e.text));
  const byExpert = experts.map((e, i) => answerClaims(i, e.text, corpus.units[i] ?? [], corpus, e.streaming));
  const claims = byExpert.flat();
  const offsets: number[] = [];
  let offset = 0;
  for (const list of byExpert) {
    offsets.push(offset);
    offset += list.length;
  }

  // 2. meaning
  const meaning = claimMeaning(claims, encode);
  markSemanticFiller(claims, meaning.vector, encode);
  markBoilerplate(claims, meaning, n);

  // 3. bottom lines
  const lines: BottomLine[] = experts.map((e, i) => bottomLineOf(e.text, byExpert[i] as Claim[], corpus));

  // 4. claim groups
  const candidates: number[] = [];
  claims.forEach((c, i) => {
    // A point made under an alternative's frame ("When MongoDB is reasonable:") is not its expert's
    // recommendation: it is matched with nobody and can only be that expert's insight, with its frame.
    if (isSubstantive(c) && c.context === null) candidates.push(i);
  });
  const { groups, nearest } = groupClaims(claims, candidates, meaning, n);
  const topicality = experts.map((_, e) => {
    let sum = 0;
    let count = 0;
    for (const c of candidates) {
      if ((claims[c] as Claim).expert !== e) continue;
      sum += Math.max(0, nearest[c] as number);
      count++;
    }
    return count >= LIMITS.minTopicalClaims ? sum / count : null;
  });

  // 5. camps
  const bodyFeatures = byExpert.map((list, e) => {
    const features = new Set<number>();
    list.forEach((c, k) => {
      if (k !== (lines[e] as BottomLine).claim) for (const f of c.vector.ids) features.add(f);
    });
    return features;
  });
  const spanVectors = encode(lines.map((l) => plainText(l.span)));
  const spanSimilarity = spanVectors === null ? null : (a: number, b: number) => dot(spanVectors[a] as Float32Array, spanVectors[b] as Float32Array);
  const foldedTexts = experts.map((e) => foldText(e.text));
  const { camps, agreement, relation } = formCamps({ lines, groups, topicality, bodyFeatures, foldedTexts, spanSimilarity });

  // 6. votes
  let votes = experts.map((e) => e.weight * e.confidence);
  let totalVote = votes.reduce((a, b) => a + b, 0);
  if (totalVote === 0) {
    votes = experts.map(() => 1);
    totalVote = n;
  }
  const missingVote = (panel.expertsAsked - n) * (totalVote / n);
  const clusters = camps
    .map((members) => {
      let sum = 0;
      for (const m of members) sum += votes[m] as number;
      return { members, weightShare: sum / totalVote };
    })
    .sort((a, b) => shareKey(b.weightShare) - shareKey(a.weightShare) || (a.members[0] as number) - (b.members[0] as number));
  const leading = clusters[0] as { members: number[]; weightShare: number };
  const inMajority = new Set(leading.members);
  const consensusConfidence = (leading.weightShare * totalVote) / (totalVote + missingVote);
  const campOf = new Int32Array(n);
  clusters.forEach((c, k) => {
    for (const m of c.members) campOf[m] = k;
  });

  // 7. findings
  const lineClaims = lines.map((l, e) => (l.claim >= 0 ? (offsets[e] as number) + l.claim : -1));
  const caveats = caveatClaims(claims, lineClaims, camps);
  const recommendations = commonRecommendations({
    claims, groups, meaning, lineClaims, relation, agreement, camps: clusters.map((c) => c.members), lines, caveats, campOf, ids, votes, totalVote,
  });
  const used = new Set<number>();
  for (const r of recommendations) for (const c of r.claims) used.add(c);
  const insights = uniqueInsights({ claims, groups, nearest, meaning, used, caveats, ids });

  return {
    consensusConfidence,
    reached: n >= 2 && consensusConfidence >= panel.confidenceThreshold,
    expertCount: n,
    expertsAsked: panel.expertsAsked,
    method: meaning.semantic ? 'semantic' : 'lexical',
    bottomLines: lines.map((l, i) => ({ expertId: ids[i] as string, text: l.span })),
    similarity: agreement,
    clusters: clusters.map((c): Cluster => ({ members: c.members.map((m) => ids[m] as string), weightShare: c.weightShare })),
    majority: leading.members.map((m) => ids[m] as string),
    dissenters: ids.filter((_, i) => !inMajority.has(i)),
    commonRecommendations: recommendations.map((r) => r.recommendation),
    uniqueInsights: insights,
    finalAnswers: experts.flatMap((e, i) => {
      const answer = extractFinalAnswer(e.text) ?? (lines[i]?.numeric === true ? formatQuantity(lines[i] as BottomLine) : null);
      return answer === null ? [] : [{ expertId: ids[i] as string, answer }];
    }),
  };
}

function formatQuantity(line: BottomLine): string {
  const q = line.quantity;
  if (q === null) return line.span;
  const value = Number.isInteger(q.value) ? String(q.value) : String(Number(q.value.toPrecision(12)));
  return q.dimension === '' ? value : `${value} ${q.dimension}`;
}

export function calculateConsensus(responses: ExpertResponse[], options?: ConsensusOptions): ConsensusResult {
  return calculateConsensusWith(responses, options, defaultEncoder);
}
