/**
 * Average-linkage agglomerative clustering of experts on the agreement matrix:
 * repeatedly merge the two groups whose mean pairwise agreement is highest,
 * while it reaches the threshold. Ties go to the pair found first (lowest
 * indices), so the result is deterministic. Mirrored in native/core/src/clustering.rs.
 */

/** Clusters of the given expert indices; each cluster lists its members in input order. */
export function averageLinkage(matrix: readonly (readonly number[])[], members: readonly number[], threshold: number): number[][] {
  const groups = members.map((m) => [m]);
  // sums[a][b]: total agreement between groups a and b.
  const sums = members.map((a) => members.map((b) => (matrix[a] as readonly number[])[b] as number));
  for (;;) {
    let bestA = -1;
    let bestB = -1;
    let best = -Infinity;
    for (let a = 0; a < groups.length; a++) {
      const row = sums[a] as number[];
      const sizeA = (groups[a] as number[]).length;
      for (let b = a + 1; b < groups.length; b++) {
        const mean = (row[b] as number) / (sizeA * (groups[b] as number[]).length);
        if (mean > best) {
          best = mean;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0 || best < threshold) break;
    const rowA = sums[bestA] as number[];
    const rowB = sums[bestB] as number[];
    for (let k = 0; k < groups.length; k++) {
      rowA[k] = (rowA[k] as number) + (rowB[k] as number);
      const rowK = sums[k] as number[];
      rowK[bestA] = rowA[k] as number;
    }
    groups[bestA] = [...(groups[bestA] as number[]), ...(groups[bestB] as number[])].sort((x, y) => x - y);
    groups.splice(bestB, 1);
    sums.splice(bestB, 1);
    for (const row of sums) row.splice(bestB, 1);
  }
  return groups;
}
