/**
 * When each client of a run with arrival phases arrives and leaves, from its global id: the
 * parent and every worker compute the same times from the same phases, so a worker needs no list.
 * Client ids are given in arrival order: phase by phase, and within a phase as the rate brings them.
 */
import type { ArrivalPhase } from './scenario.js';

/** Clients that arrive in one phase: the integral of its rate, rounded. */
export function arrivalsOf(phase: Pick<ArrivalPhase, 'arrivalRate' | 'rampTo' | 'durationMs'>): number {
  return Math.round(((phase.arrivalRate + phase.rampTo) / 2) * (phase.durationMs / 1000));
}

/**
 * Seconds into a phase at which arrival number `k` (from 0) comes: the t where the clients arrived
 * so far, r0·t + (r1 - r0)·t²/(2D), reach k. Written as 2k / (r0 + sqrt(r0² + 4ak)) so that a
 * constant rate (a = 0) and a ramp from zero (r0 = 0) need no case of their own.
 */
function secondsToArrival(phase: ArrivalPhase, k: number): number {
  const durationSeconds = phase.durationMs / 1000;
  const r0 = phase.arrivalRate;
  const a = (phase.rampTo - r0) / (2 * durationSeconds);
  if (k === 0) return 0;
  const root = Math.sqrt(Math.max(0, r0 * r0 + 4 * a * k));
  const seconds = (2 * k) / (r0 + root);
  return Math.min(durationSeconds, seconds);
}

/** One phase with where it sits in the run. */
interface PlacedPhase {
  phase: ArrivalPhase;
  startMs: number;
  firstClient: number;
  arrivals: number;
  /** The first client (in arrival order) that leaves in this phase, and how many do. */
  firstLeaver: number;
}

/** The arrival and leave times of every client of a run, from its phases. */
export class ArrivalSchedule {
  readonly clients: number;
  /** From the ramp's start to the end of the last phase, in ms. */
  readonly endMs: number;
  private readonly placed: PlacedPhase[] = [];

  constructor(readonly phases: readonly ArrivalPhase[]) {
    let startMs = 0;
    let firstClient = 0;
    let leavers = 0;
    for (const phase of phases) {
      const arrivals = arrivalsOf(phase);
      this.placed.push({ phase, startMs, firstClient, arrivals, firstLeaver: leavers });
      startMs += phase.durationMs;
      firstClient += arrivals;
      leavers += phase.leave;
    }
    this.clients = firstClient;
    this.endMs = startMs;
  }

  /** When client `client` arrives, in ms from the ramp's start. */
  arrivalAtMs(client: number): number {
    const placed = this.placed.find((item) => client < item.firstClient + item.arrivals && item.arrivals > 0);
    if (placed === undefined) return this.endMs;
    return placed.startMs + secondsToArrival(placed.phase, client - placed.firstClient) * 1000;
  }

  /** When client `client` leaves, in ms from the ramp's start; null when it stays until the run closes. */
  leaveAtMs(client: number): number | null {
    for (const placed of this.placed) {
      const { leave, durationMs } = placed.phase;
      if (leave > 0 && client >= placed.firstLeaver && client < placed.firstLeaver + leave) {
        const rank = client - placed.firstLeaver;
        return placed.startMs + ((rank + 0.5) / leave) * durationMs;
      }
    }
    return null;
  }

  /** The name of the phase the run is in `ms` after the ramp's start; empty once the last has ended. */
  phaseAt(ms: number): string {
    if (ms >= this.endMs) return '';
    const placed = [...this.placed].reverse().find((item) => item.startMs <= ms) ?? this.placed[0];
    return placed?.phase.name ?? '';
  }

  /** The highest arrival rate of any phase, per second. */
  peakRate(): number {
    return Math.max(0, ...this.phases.map((phase) => Math.max(phase.arrivalRate, phase.rampTo)));
  }
}
