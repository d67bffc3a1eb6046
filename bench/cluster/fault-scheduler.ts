/**
 * Runs a fault plan against whatever can be killed and restarted: a generic list of
 * {component, action, atMs} and one executor per component, each action's outcome recorded.
 */
import { performance } from 'node:perf_hooks';
import type { FaultComponent, FaultStep } from './fault-plan.js';
import type { FaultRecord } from '../summary/cluster-types.js';
import { epochNowMs } from '../../protocol/epoch-clock.js';
import { fireNoEarlierThan } from '../run/run-timers.js';

/** What a component offers the scheduler. restart(), add() and drain() resolve once done: answering again, in the pool, out of it with its clients closed. */
export interface FaultTarget {
  kill(): Promise<void>;
  restart(): Promise<void>;
  add?(): Promise<void>;
  drain?(): Promise<void>;
}

/** A running plan; times in its records are from start(). */
export class FaultScheduler {
  private readonly records: FaultRecord[];
  private readonly cancels: Array<() => void> = [];
  private readonly running = new Set<Promise<void>>();
  private startedAt = 0;

  constructor(
    steps: FaultStep[],
    private readonly targets: (component: FaultComponent) => FaultTarget,
  ) {
    this.records = steps.map((step) => ({
      component: step.component,
      action: step.action,
      plannedAtMs: step.atMs,
      atMs: null,
      answeredAtMs: null,
      error: null,
      atEpochMs: null,
      answeredAtEpochMs: null,
    }));
  }

  /** Starts the clock (the hold begins) and arms every step. */
  start(): void {
    this.startedAt = performance.now();
    for (const record of this.records) {
      this.cancels.push(
        fireNoEarlierThan(
          this.startedAt + record.plannedAtMs,
          () => performance.now(),
          () => this.track(this.execute(record)),
        ),
      );
    }
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private now(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  private async execute(record: FaultRecord): Promise<void> {
    record.atMs = this.now();
    record.atEpochMs = epochNowMs();
    try {
      const target = this.targets(record.component);
      if (record.action === 'kill') {
        await target.kill();
        return;
      }
      const act = record.action === 'restart' ? target.restart : record.action === 'add' ? target.add : target.drain;
      if (act === undefined) throw new Error(`${record.component} cannot be ${record.action === 'add' ? 'added' : 'drained'}`);
      await act.call(target);
      record.answeredAtMs = this.now();
      record.answeredAtEpochMs = epochNowMs();
    } catch (error) {
      record.error = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    }
  }

  /** Disarms the steps not yet due and waits for those under way. */
  async stop(): Promise<void> {
    for (const cancel of this.cancels) cancel();
    await Promise.all([...this.running]);
  }

  /** Every step, done or not. */
  result(): FaultRecord[] {
    return this.records.map((record) => ({ ...record }));
  }
}
