/** A merged run's totals over its shards: drops and source addresses summed, the ramp and the wall time over all of them. */

/** What a merge reads of one shard for them. */
export interface ShardRecordForTotals {
  /** When its ramp began, ISO 8601 by its clock; null when it never did. */
  rampStartedAt: string | null;
  rampMs: number | null;
  /** Absent in files written before it existed: 0. */
  dropped?: number;
  sourceAddresses: number;
  wallMs: number;
}

/** A shard's ramp by its clock, in ms since the epoch (its end is when its hold began); null when the ramp did not finish. */
export function rampSpanOf(shard: Pick<ShardRecordForTotals, 'rampStartedAt' | 'rampMs'>): { startMs: number; endMs: number } | null {
  if (shard.rampStartedAt === null || shard.rampMs === null) return null;
  const startMs = Date.parse(shard.rampStartedAt);
  return { startMs, endMs: startMs + shard.rampMs };
}

/** The ramp over all shards by their clocks: from the first ramp's start to the last ramp's end, in ms; null if a shard's ramp did not finish. */
function rampOverShards(shards: readonly ShardRecordForTotals[]): number | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const shard of shards) {
    const span = rampSpanOf(shard);
    if (span === null) return null;
    start = Math.min(start, span.startMs);
    end = Math.max(end, span.endMs);
  }
  return Math.round(end - start);
}

/** The merged run's drops, source addresses, ramp and wall time. */
export function shardTotals(shards: readonly ShardRecordForTotals[]): { dropped: number; sourceAddresses: number; rampMs: number | null; wallMs: number } {
  return {
    dropped: shards.reduce((total, shard) => total + (shard.dropped ?? 0), 0),
    sourceAddresses: shards.reduce((total, shard) => total + shard.sourceAddresses, 0),
    rampMs: rampOverShards(shards),
    wallMs: Math.max(...shards.map((shard) => shard.wallMs)),
  };
}
