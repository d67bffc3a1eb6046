/**
 * Round trips counted into fixed buckets between two progress reports, for live metrics: a
 * few dozen numbers per interval instead of the HDR histogram, which is sent once, at the end.
 */
import { ROUND_TRIP_BUCKETS_MS, type WorkerRoundTrips } from '../protocol/messages.js';

/** Per-interval round-trip counts of one worker. */
export class RoundTripBuckets {
  private counts: number[] = new Array<number>(ROUND_TRIP_BUCKETS_MS.length + 1).fill(0);
  private sumsMs: number[] = new Array<number>(ROUND_TRIP_BUCKETS_MS.length + 1).fill(0);
  private total = 0;

  /** Counts one round trip of `ms`. */
  record(ms: number): void {
    let bucket = 0;
    while (bucket < ROUND_TRIP_BUCKETS_MS.length && ms > (ROUND_TRIP_BUCKETS_MS[bucket] as number)) bucket += 1;
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.sumsMs[bucket] = (this.sumsMs[bucket] as number) + ms;
    this.total += 1;
  }

  /** What was counted since the last call, then starts afresh; null when nothing was. */
  take(): WorkerRoundTrips | null {
    if (this.total === 0) return null;
    const taken = { counts: this.counts, sumsMs: this.sumsMs };
    this.counts = new Array<number>(ROUND_TRIP_BUCKETS_MS.length + 1).fill(0);
    this.sumsMs = new Array<number>(ROUND_TRIP_BUCKETS_MS.length + 1).fill(0);
    this.total = 0;
    return taken;
  }
}
