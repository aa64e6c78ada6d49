/** Standard deviation of a Beta(alpha, beta) distribution: the weight's uncertainty. */
export function betaStdDev(alpha: number, beta: number): number {
  const sum = alpha + beta;
  return Math.sqrt((alpha * beta) / (sum * sum * (sum + 1)));
}
