// Per-item estimators of pass@k and pass^k (Chen et al. 2021, "Evaluating Large Language Models
// Trained on Code"; pass^k as in tau-bench): unbiased from n answered samples with c correct.

/**
 * pass@k = 1 - C(n-c, k) / C(n, k): the chance that at least one of k samples (drawn without
 * replacement from the n) passes. null when n < k (no unbiased estimate).
 */
export function passAtK(n: number, c: number, k: number): number | null {
  if (!(k >= 1) || n < k) return null;
  if (n - c < k) return 1;
  let miss = 1;
  for (let i = 0; i < k; i++) miss *= (n - c - i) / (n - i);
  return 1 - miss;
}

/** pass^k = C(c, k) / C(n, k): the chance that all of k samples pass. null when n < k. */
export function passHatK(n: number, c: number, k: number): number | null {
  if (!(k >= 1) || n < k) return null;
  if (c < k) return 0;
  let all = 1;
  for (let i = 0; i < k; i++) all *= (c - i) / (n - i);
  return all;
}
