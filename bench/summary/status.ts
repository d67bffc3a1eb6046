/** A run's status and reason: from what happened in one run, or from the shards a merged run was made of. */
import type { ClientTally } from './row-tally.js';
import type { RunStatus, RunSummary } from './run-summary-types.js';

/** The status fields every summary starts with. */
export type SummaryOutcome = Pick<RunSummary, 'status' | 'reason' | 'broken'>;

/** Status and reason from what happened. `failure` is set when the run could not finish. */
export function decideStatus(
  tally: ClientTally,
  clients: number,
  failure: { status: 'failed' | 'interrupted'; reason: string } | null,
  lostWorkers: string[],
  dropped = 0,
): { status: RunStatus; reason: string | null } {
  if (failure) return failure;
  if (tally.failed > 0 || tally.connected < clients || lostWorkers.length > 0 || dropped > 0) {
    const codes = Object.entries(tally.errors)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${count} ${code}`)
      .join(', ');
    const parts: string[] = [];
    if (tally.failed > 0) parts.push(`${tally.failed} of ${clients} clients failed (${codes})`);
    if (lostWorkers.length > 0) parts.push(`${lostWorkers.join('; ')}, so its connections were lost`);
    if (dropped > 0) parts.push(`${dropped} connections dropped before the run closed them`);
    return { status: 'partial', reason: parts.join('; ') };
  }
  return { status: 'ok', reason: null };
}

/** Worse statuses first: the merged run is as bad as its worst shard. */
const STATUS_ORDER: readonly RunStatus[] = ['interrupted', 'failed', 'partial', 'ok'];

/** One shard's own summary, by its index. */
export interface ShardOutcome {
  index: number;
  summary: Pick<RunSummary, 'status' | 'reason' | 'broken'>;
}

/** The merged run's status: its worst shard's, or partial when a client has no successful row. */
export function mergedStatus(shards: readonly ShardOutcome[], tally: ClientTally, clients: number): SummaryOutcome {
  const worst = STATUS_ORDER.find((status) => shards.some((shard) => shard.summary.status === status)) ?? 'ok';
  // A client without a row (a shard that never wrote it) failed too.
  const status: RunStatus = worst === 'ok' && tally.connected < clients ? 'partial' : worst;
  const reasons = shards.filter((shard) => shard.summary.reason !== null).map((shard) => `shard ${shard.index}: ${shard.summary.reason}`);
  if (status === 'partial' && reasons.length === 0) reasons.push(`${clients - tally.connected} of ${clients} clients have no successful row`);
  return { status, reason: status === 'ok' ? null : reasons.join('; '), broken: shards.some((shard) => shard.summary.broken === true) };
}
