/**
 * Agreement between two answers, measured claim by claim (sentences and list items):
 *
 *   cover(i -> j)   = weighted mean, over i's claims, of the best cosine with any claim of j;
 *                     a claim weighs its salience (TF-IDF norm) times the number of experts
 *                     who make it, so agreement is about the points the panel shares
 *                     rather than each answer's own details
 *   contra(i -> j)  = the same with j's claims negated ("use X" against "avoid X")
 *   flat(i -> j)    = the strongest such contradiction of one claim of i (of two terms or more),
 *                     when it reaches CONTRADICTION_THRESHOLD: one flatly contradicted
 *                     conclusion outweighs any amount of shared background
 *   agreement(i, j) = clamp(max(cover both ways) - max(contra and flat both ways), 0, 1)
 *
 * Taking the better-covered direction makes a short answer agree with a long one
 * that makes the same points among others. When either answer has no claims at
 * all (empty, code only, filler only), the document-level agreement is used.
 * This matrix is the `similarity` of a consensus result.
 * Mirrored in native/core/src/agreement.rs.
 */
import type { Claim } from './claims';
import { CONTRADICTION_THRESHOLD, MIN_CONTRADICTION_TERMS } from './limits';
import { clamp01 } from './vectors';

/** Inverted index of every claim: feature -> claim indices and weights, in claim order. */
function buildPostings(claims: readonly Claim[], featureCount: number): { ids: (number[] | undefined)[]; weights: (number[] | undefined)[] } {
  const ids: (number[] | undefined)[] = new Array(featureCount);
  const weights: (number[] | undefined)[] = new Array(featureCount);
  claims.forEach((claim, c) => {
    const v = claim.vector;
    for (let k = 0; k < v.ids.length; k++) {
      const f = v.ids[k] as number;
      (ids[f] ??= []).push(c);
      (weights[f] ??= []).push(v.weights[k] as number);
    }
  });
  return { ids, weights };
}

export function claimAgreementMatrix(
  claims: readonly Claim[],
  expertCount: number,
  featureCount: number,
  documentAgreement: readonly (readonly number[])[],
  support: Int32Array,
): number[][] {
  const n = expertCount;
  const postings = buildPostings(claims, featureCount);
  const sim = new Float64Array(claims.length);
  const contra = new Float64Array(claims.length);
  const stamp = new Int32Array(claims.length).fill(-1);
  const touched: number[] = [];
  const bestSim = new Float64Array(n);
  const bestContra = new Float64Array(n);
  // coverSum[i][j], contraSum[i][j]: salience-weighted sums over i's claims; salience[i]: their total.
  const coverSum = Array.from({ length: n }, () => new Float64Array(n));
  const contraSum = Array.from({ length: n }, () => new Float64Array(n));
  const salience = new Float64Array(n);
  // strong[i][j]: the strongest flat contradiction of a claim of i by a claim of j.
  const strong = Array.from({ length: n }, () => new Float64Array(n));

  const accumulate = (c: number, f: number, w: number, into: Float64Array): void => {
    const list = postings.ids[f];
    if (list === undefined) return;
    const lw = postings.weights[f] as number[];
    const self = (claims[c] as Claim).expert;
    for (let p = 0; p < list.length; p++) {
      const d = list[p] as number;
      if ((claims[d] as Claim).expert === self) continue;
      if (stamp[d] !== c) {
        stamp[d] = c;
        sim[d] = 0;
        contra[d] = 0;
        touched.push(d);
      }
      into[d] = (into[d] as number) + w * (lw[p] as number);
    }
  };

  claims.forEach((claim, c) => {
    const { ids, weights } = claim.vector;
    for (let k = 0; k < ids.length; k++) {
      accumulate(c, ids[k] as number, weights[k] as number, sim);
      accumulate(c, (ids[k] as number) ^ 1, weights[k] as number, contra);
    }
    bestSim.fill(0);
    bestContra.fill(0);
    for (const d of touched) {
      const j = (claims[d] as Claim).expert;
      if ((sim[d] as number) > (bestSim[j] as number)) bestSim[j] = sim[d] as number;
      if ((contra[d] as number) > (bestContra[j] as number)) bestContra[j] = contra[d] as number;
    }
    touched.length = 0;
    const i = claim.expert;
    const s = claim.vector.norm * (support[c] as number);
    salience[i] = (salience[i] as number) + s;
    const cover = coverSum[i] as Float64Array;
    const against = contraSum[i] as Float64Array;
    const flat = strong[i] as Float64Array;
    const counts = claim.distinctTerms >= MIN_CONTRADICTION_TERMS;
    for (let j = 0; j < n; j++) {
      const contradiction = bestContra[j] as number;
      cover[j] = (cover[j] as number) + s * (bestSim[j] as number);
      against[j] = (against[j] as number) + s * contradiction;
      if (counts && contradiction >= CONTRADICTION_THRESHOLD && contradiction > (flat[j] as number)) flat[j] = contradiction;
    }
  });

  const matrix = Array.from({ length: n }, (_, i) => {
    const row = new Array<number>(n).fill(0);
    row[i] = 1;
    return row;
  });
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const si = salience[i] as number;
      const sj = salience[j] as number;
      let value: number;
      if (si === 0 || sj === 0) {
        value = (documentAgreement[i] as readonly number[])[j] as number;
      } else {
        const cover = Math.max(((coverSum[i] as Float64Array)[j] as number) / si, ((coverSum[j] as Float64Array)[i] as number) / sj);
        const against = Math.max(
          ((contraSum[i] as Float64Array)[j] as number) / si,
          ((contraSum[j] as Float64Array)[i] as number) / sj,
          (strong[i] as Float64Array)[j] as number,
          (strong[j] as Float64Array)[i] as number,
        );
        value = clamp01(cover - against);
      }
      (matrix[i] as number[])[j] = value;
      (matrix[j] as number[])[i] = value;
    }
  }
  return matrix;
}
