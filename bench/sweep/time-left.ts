/** Estimates the time a sweep has left from the cells it has finished. */

/** A finished cell: its client count and its wall time, in ms. */
export interface CellTiming {
  clients: number;
  wallMs: number;
}

/**
 * Sum of the predicted wall times of the remaining cells, in ms; null before any cell finished.
 * A cell's time is modelled as fixed + perClient * clients: fitted by least squares once two
 * client counts have run; before that, `fixedMs` (the hold, which every cell spends whatever its
 * size) is taken as the fixed part and the rest of the mean time as proportional to clients.
 */
export function estimateRemainingMs(done: readonly CellTiming[], remainingClients: readonly number[], fixedMs: number): number | null {
  if (done.length === 0) return null;
  if (remainingClients.length === 0) return 0;
  const { fixed, perClient } = fitLine(done, fixedMs);
  return remainingClients.reduce((total, clients) => total + Math.max(0, fixed + perClient * clients), 0);
}

function fitLine(done: readonly CellTiming[], fixedMs: number): { fixed: number; perClient: number } {
  const n = done.length;
  const meanClients = done.reduce((sum, cell) => sum + cell.clients, 0) / n;
  const meanWall = done.reduce((sum, cell) => sum + cell.wallMs, 0) / n;
  const spread = done.reduce((sum, cell) => sum + (cell.clients - meanClients) ** 2, 0);
  if (spread === 0) {
    const fixed = Math.min(fixedMs, meanWall);
    return { fixed, perClient: (meanWall - fixed) / meanClients };
  }
  const covariance = done.reduce((sum, cell) => sum + (cell.clients - meanClients) * (cell.wallMs - meanWall), 0);
  // A bigger cell never takes less time; noise that says otherwise is read as "no growth".
  const perClient = Math.max(0, covariance / spread);
  return { fixed: meanWall - perClient * meanClients, perClient };
}
