/**
 * --churn in one worker: at a fixed interval its longest-open place in the steady traffic is given
 * to a new client, so the worker keeps its count of clients open while connections come and go.
 */
import type { WorkerChurnPlan } from '../protocol/messages.js';

/** What churn needs of the worker's runner. */
export interface ChurnHost {
  /** Places in the steady traffic (one per client that succeeded in the ramp). */
  readonly places: number;
  /** The client in `place` leaves, and client `arrival` opens to take its place; false when the place's last arrival is still connecting (nothing happens). */
  replace(place: number, arrival: number): boolean;
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

  /**
   * Starts replacing clients after the plan's offset (so the workers take turns instead of all
   * replacing at once); stops by itself after `durationMs`, or at stop().
   */
  start(durationMs: number): void {
    if (this.host.places === 0) return;
    const startedAt = Date.now();
    const tick = (): void => {
      if (Date.now() - startedAt >= durationMs) return this.stop();
      this.replaceNext();
    };
    this.timer = setTimeout(() => {
      this.timer = setInterval(tick, this.plan.intervalMs);
    }, this.plan.offsetMs);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Round-robin over the places, so each client lives about places x interval before it leaves. */
  private replaceNext(): void {
    const place = this.nextPlace % this.host.places;
    this.nextPlace += 1;
    const arrival = this.plan.firstArrivalId + this.arrivals * this.plan.arrivalStride;
    if (this.host.replace(place, arrival)) this.arrivals += 1;
  }
}
