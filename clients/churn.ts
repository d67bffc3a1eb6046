/**
 * --churn in one worker: at a fixed interval its longest-open place in the steady traffic is given
 * to a new client, so the worker keeps its count of clients open while connections come and go.
 */
import type { WorkerChurnPlan } from '../protocol/messages.js';

/** What churn needs of the worker's runner. */
export interface ChurnHost {
  /** Places in the steady traffic (one per client that succeeded in the ramp). */
  readonly places: number;
  /** The client in `place` leaves, and client `arrival` opens to take its place. */
  replace(place: number, arrival: number): void;
}

/** Runs the churn of one worker for the steady traffic's duration. */
export class Churn {
  private timer: NodeJS.Timeout | null = null;
  private nextPlace = 0;
  private arrivals = 0;

  constructor(
    private readonly plan: WorkerChurnPlan,
    private readonly host: ChurnHost,
  ) {}

  /** Starts replacing clients; stops by itself after `durationMs`, or at stop(). */
  start(durationMs: number): void {
    if (this.host.places === 0) return;
    const startedAt = Date.now();
    this.timer = setInterval(() => {
      if (Date.now() - startedAt >= durationMs) return this.stop();
      this.replaceNext();
    }, this.plan.intervalMs);
  }

  /** Arrivals started so far. */
  get started(): number {
    return this.arrivals;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Round-robin over the places, so each client lives about places x interval before it leaves. */
  private replaceNext(): void {
    const place = this.nextPlace % this.host.places;
    this.nextPlace += 1;
    const arrival = this.plan.firstArrivalId + this.arrivals * this.plan.arrivalStride;
    this.arrivals += 1;
    this.host.replace(place, arrival);
  }
}
