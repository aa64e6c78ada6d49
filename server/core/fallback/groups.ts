/**
 * Step 4 of docs/consensus.md, "Claim groups": claims of different experts that say
 * the same thing. Two claims are linked when each is the other's best match in the
 * other's answer and their similarity reaches the match threshold; groups are the
 * connected components. Mirrored in native/core/src/groups.rs.
 */
import type { Claim } from './claims';
import type { Meaning } from './meaning';

export interface ClaimGroup {
  /** Claim indices, in panel order. */
  members: number[];
  /** Distinct experts, ascending. */
  experts: number[];
}

function find(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r] as number;
  while (parent[x] !== r) {
    const next = parent[x] as number;
    parent[x] = r;
    x = next;
  }
  return r;
}

/** Groups over the candidate claims (indices into claims, ascending). */
export interface Grouping {
  groups: ClaimGroup[];
  /** Per claim, its highest similarity to a candidate claim of another expert (-Infinity when alone). */
  nearest: Float64Array;
}

export function groupClaims(claims: readonly Claim[], candidates: readonly number[], meaning: Meaning, expertCount: number): Grouping {
  const byExpert: number[][] = Array.from({ length: expertCount }, () => []);
  for (const c of candidates) (byExpert[(claims[c] as Claim).expert] as number[]).push(c);
  // best[c * expertCount + e]: c's best match among expert e's candidates, or -1.
  const best = new Int32Array(claims.length * expertCount).fill(-1);
  const bestSim = new Float64Array(claims.length * expertCount);
  const nearest = new Float64Array(claims.length).fill(-Infinity);
  for (const a of candidates) {
    const ea = (claims[a] as Claim).expert;
    for (let e = 0; e < expertCount; e++) {
      if (e === ea) continue;
      let top = -1;
      let topSim = -Infinity;
      for (const b of byExpert[e] as number[]) {
        const s = meaning.similarity(a, b);
        if (s > topSim) {
          topSim = s;
          top = b;
        }
      }
      best[a * expertCount + e] = top;
      bestSim[a * expertCount + e] = topSim;
      if (topSim > (nearest[a] as number)) nearest[a] = topSim;
    }
  }
  const parent = new Int32Array(claims.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  for (const a of candidates) {
    const ea = (claims[a] as Claim).expert;
    for (let e = 0; e < expertCount; e++) {
      const b = best[a * expertCount + e] as number;
      if (b < 0 || b < a) continue;
      if ((bestSim[a * expertCount + e] as number) < meaning.matchThreshold) continue;
      if (best[b * expertCount + ea] !== a) continue;
      const ra = find(parent, a);
      const rb = find(parent, b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const byRoot = new Map<number, ClaimGroup>();
  const groups: ClaimGroup[] = [];
  for (const c of candidates) {
    const root = find(parent, c);
    let g = byRoot.get(root);
    if (g === undefined) {
      g = { members: [], experts: [] };
      byRoot.set(root, g);
      groups.push(g);
    }
    g.members.push(c);
    const e = (claims[c] as Claim).expert;
    if (!g.experts.includes(e)) g.experts.push(e);
  }
  for (const g of groups) g.experts.sort((x, y) => x - y);
  return { groups, nearest };
}
