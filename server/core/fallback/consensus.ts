/**
 * calculateConsensus: who agrees with whom, what they recommend in common, who dissents.
 *
 * 1. Every answer goes through the text pipeline; TF-IDF is fitted on the panel.
 * 2. Claims (sentences, list items) are grouped across the panel (claims.ts), and the
 *    agreement between two answers is measured claim by claim (agreement.ts), claims
 *    weighing by how many experts make them, blended half and half with the match of
 *    the answers' conclusions (conclusions.ts); that matrix is the result's `similarity`.
 * 3. Clusters: when at least two experts and at least half the panel end with a short
 *    final answer, equal answers form the clusters (experts without one are clustered
 *    among themselves by text); otherwise average-linkage clustering of the agreement.
 * 4. Votes: weight x confidence. When every vote is 0 (all confidences 0) each expert
 *    counts the same, so shares stay defined. Clusters are sorted by vote share, ties by
 *    first member; the first is the majority, everybody else dissents.
 *    consensusConfidence is the majority's share; a single expert has 1.
 * 5. Shared conclusions, then the claim groups, give the common recommendations; the
 *    claim groups give the unique insights.
 * Mirrored in native/core/src/consensus.rs.
 */
import type { Cluster, CommonRecommendation, ConsensusOptions, ConsensusResult, ExpertResponse } from '../types';
import { claimAgreementMatrix } from './agreement';
import { claimSupport, collectClaims, groupClaims, summarizeClaims } from './claims';
import { averageLinkage } from './clustering';
import { buildCorpus } from './documents';
import { extractFinalAnswer } from './finalAnswer';
import { conclusionMatrix, conclusionRecommendations, conclusionsByExpert, dissentingExperts } from './conclusions';
import { CLAIM_MATCH_THRESHOLD, CLUSTER_THRESHOLD, CONCLUSION_WEIGHT, MAX_RECOMMENDATIONS } from './limits';
import { shareKey } from './shares';
import { agreementMatrix } from './similarity';
import { validatePanel } from './validate';
import { clamp01 } from './vectors';

function clusterExperts(agreement: number[][], answers: readonly (string | null)[]): number[][] {
  const n = answers.length;
  const answered: number[] = [];
  const unanswered: number[] = [];
  answers.forEach((a, i) => (a === null ? unanswered : answered).push(i));
  const answersDecide = answered.length >= 2 && answered.length * 2 >= n;
  if (!answersDecide) return averageLinkage(agreement, answers.map((_, i) => i), CLUSTER_THRESHOLD);

  const byAnswer = new Map<string, number[]>();
  for (const i of answered) {
    const key = answers[i] as string;
    const members = byAnswer.get(key);
    if (members === undefined) byAnswer.set(key, [i]);
    else members.push(i);
  }
  return [...byAnswer.values(), ...averageLinkage(agreement, unanswered, CLUSTER_THRESHOLD)];
}

/**
 * A claim group that repeats a shared conclusion already listed (same
 * representative text, or the same supporters backing it with a sentence
 * already cited) would show the person the same point twice.
 */
function restatesAny(group: CommonRecommendation, listed: readonly CommonRecommendation[]): boolean {
  return listed.some(
    (r) =>
      r.text === group.text ||
      (r.supporters.length === group.supporters.length &&
        r.supporters.every((s, i) => s === group.supporters[i]) &&
        group.evidence.some((g) => r.evidence.some((e) => e.expertId === g.expertId && e.text === g.text))),
  );
}

/** Claim coverage blended with the conclusion match, where both answers have conclusions. */
function blendConclusions(claimAgreement: number[][], conclusion: number[][]): number[][] {
  return claimAgreement.map((row, i) =>
    row.map((value, j) => {
      const c = (conclusion[i] as number[])[j] as number;
      return i === j || c < 0 ? value : clamp01((1 - CONCLUSION_WEIGHT) * value + CONCLUSION_WEIGHT * c);
    }),
  );
}

export function calculateConsensus(responses: ExpertResponse[], options?: ConsensusOptions): ConsensusResult {
  const panel = validatePanel(responses, options);
  const experts = panel.experts;
  const ids = experts.map((e) => e.id);
  const texts = experts.map((e) => e.text);

  const corpus = buildCorpus(texts);
  const claims = collectClaims(texts, corpus);
  const groupOf = groupClaims(claims, corpus.featureCount, CLAIM_MATCH_THRESHOLD);
  const documentAgreement = agreementMatrix(corpus.vectors, corpus.featureCount);
  const claimAgreement = claimAgreementMatrix(claims, experts.length, corpus.featureCount, documentAgreement, claimSupport(claims, groupOf));
  const conclusions = conclusionsByExpert(claims, experts.length);
  const similarity = blendConclusions(claimAgreement, conclusionMatrix(claims, conclusions, dissentingExperts(claims, experts.length)));
  const answers = texts.map(extractFinalAnswer);

  let votes = experts.map((e) => e.weight * e.confidence);
  let totalVote = votes.reduce((a, b) => a + b, 0);
  if (totalVote === 0) {
    votes = experts.map(() => 1);
    totalVote = experts.length;
  }

  const clusters = clusterExperts(similarity, answers)
    .map((members) => {
      let sum = 0;
      for (const m of members) sum += votes[m] as number;
      return { members, weightShare: sum / totalVote };
    })
    .sort((a, b) => shareKey(b.weightShare) - shareKey(a.weightShare) || (a.members[0] as number) - (b.members[0] as number));

  const leading = clusters[0] as { members: number[]; weightShare: number };
  const inMajority = new Set(leading.members);
  const consensusConfidence = leading.weightShare;

  const findings = summarizeClaims(claims, groupOf, corpus.featureCount, ids, votes, totalVote);
  const commonRecommendations = conclusionRecommendations(claims, conclusions, ids, votes, totalVote);
  for (const group of findings.commonRecommendations) {
    if (!restatesAny(group, commonRecommendations)) commonRecommendations.push(group);
  }
  commonRecommendations.splice(MAX_RECOMMENDATIONS);

  const finalAnswers: { expertId: string; answer: string }[] = [];
  answers.forEach((answer, i) => {
    if (answer !== null) finalAnswers.push({ expertId: ids[i] as string, answer });
  });

  return {
    consensusConfidence,
    reached: consensusConfidence >= panel.confidenceThreshold,
    expertCount: experts.length,
    similarity,
    clusters: clusters.map((c): Cluster => ({ members: c.members.map((m) => ids[m] as string), weightShare: c.weightShare })),
    majority: leading.members.map((m) => ids[m] as string),
    dissenters: ids.filter((_, i) => !inMajority.has(i)),
    commonRecommendations,
    uniqueInsights: findings.uniqueInsights,
    finalAnswers,
  };
}
