/**
 * Where a series' warm-up ends, decided by the data: MSER-5 (White 1997; White, Cobb and Spratt
 * 2000), the truncation rule of simulation output analysis. The series is cut into batches of 5
 * samples; the cut d (in batches) minimises the marginal standard error of the batch means after
 * it, sum((b_j - mean)^2) / (k - d)^2, over the first half of the batches.
 */

const BATCH = 5;

/** The index of the first sample after the warm-up (0: none); 0 for fewer than 4 batches. */
export function mserWarmupEnd(values: ArrayLike<number>): number {
  const batches = Math.floor(values.length / BATCH);
  if (batches < 4) return 0;
  const means = new Float64Array(batches);
  for (let j = 0; j < batches; j += 1) {
    let sum = 0;
    for (let i = 0; i < BATCH; i += 1) sum += values[j * BATCH + i] as number;
    means[j] = sum / BATCH;
  }
  // Sums of the batch means and their squares from each batch to the end, so every cut costs O(1).
  let best = 0;
  let bestError = Number.POSITIVE_INFINITY;
  let sum = 0;
  let squares = 0;
  const errors = new Float64Array(batches);
  for (let j = batches - 1; j >= 0; j -= 1) {
    sum += means[j] as number;
    squares += (means[j] as number) ** 2;
    const kept = batches - j;
    errors[j] = (squares - (sum * sum) / kept) / (kept * kept);
  }
  for (let d = 0; d <= Math.floor(batches / 2); d += 1) {
    if ((errors[d] as number) < bestError) {
      bestError = errors[d] as number;
      best = d;
    }
  }
  return best * BATCH;
}
