//! Average-linkage agglomerative clustering of experts on the agreement matrix:
//! repeatedly merge the two groups whose mean pairwise agreement is highest,
//! while it reaches the threshold. Ties go to the pair found first (lowest
//! indices). Mirrored in server/core/fallback/clustering.ts.

/// Clusters of the given expert indices; each cluster lists its members in input order.
pub fn average_linkage(matrix: &[Vec<f64>], members: &[usize], threshold: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = members.iter().map(|&m| vec![m]).collect();
    let mut sums: Vec<Vec<f64>> = members
        .iter()
        .map(|&a| members.iter().map(|&b| matrix[a][b]).collect())
        .collect();
    loop {
        let mut best_a = usize::MAX;
        let mut best_b = usize::MAX;
        let mut best = f64::NEG_INFINITY;
        for a in 0..groups.len() {
            let size_a = groups[a].len() as f64;
            for b in (a + 1)..groups.len() {
                let mean = sums[a][b] / (size_a * groups[b].len() as f64);
                if mean > best {
                    best = mean;
                    best_a = a;
                    best_b = b;
                }
            }
        }
        if best_a == usize::MAX || best < threshold {
            break;
        }
        // best_a < best_b, so sums[best_b][best_a] is read (at k = best_a) before it is written.
        let row_b = sums[best_b].clone();
        for (k, value) in row_b.iter().enumerate() {
            sums[best_a][k] += value;
            sums[k][best_a] = sums[best_a][k];
        }
        let moved = groups.remove(best_b);
        groups[best_a].extend(moved);
        groups[best_a].sort_unstable();
        sums.remove(best_b);
        for row in &mut sums {
            row.remove(best_b);
        }
    }
    groups
}
