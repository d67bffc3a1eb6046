/**
 * One client running its group's steps, from its open to its last step; then it stays connected
 * (its on steps still counting) until it leaves or the run closes it. Times are performance.now()
 * in ms. In a loop with a rate each iteration has an intended start, and the first step of the
 * iteration is timed from it, not from when a late iteration got going (no coordinated omission).
 */
import { performance } from 'node:perf_hooks';
import type { ScenarioClientEnd, ScenarioClientRow } from '../../protocol/scenario.js';
import type { CompiledStep } from './compiled-steps.js';
import { fieldOf, ReceivedMessage, type MessageFilter } from './message-match.js';
import type { StepTallies, StepTally } from './step-tallies.js';
import { expandValue, type SentValue, type ValueContext, type ValuePlan } from './value-plan.js';

/** What a scenario client needs of its connection. */
export interface ScenarioConnection {
  isOpen(): boolean;
  send(data: string | Buffer): void;
  /** Socket.IO: emit an event, with an ack callback or none. */
  emit(event: string, args: SentValue[], ack: ((...reply: unknown[]) => void) | null): void;
}

/** What a scenario client reports to the worker's runner. */
export interface ScenarioOwner {
  readonly tallies: StepTallies;
  /** Resolves once the ramp of the whole run is over (a wait step). */
  readonly rampOver: Promise<void>;
  /** The client `client` sent a message of step `name` (for fan-outs that count it). */
  sentBy(client: number, name: string): void;
  /** The client reached an on step with a fan-out: it is a member of its room. */
  joined(client: number, step: Extract<CompiledStep, { kind: 'on' }>): void;
}

type WaitOutcome = { outcome: 'matched'; at: number; reply: unknown[] } | { outcome: 'timeout' } | { outcome: 'ended' };

/** A wait for an ack or a matching message. */
interface Waiter {
  filter: MessageFilter | null;
  /** The figure of the step that waits: a message that does not match counts against it. */
  tally: StepTally | null;
  timer: NodeJS.Timeout;
  resolve(outcome: WaitOutcome): void;
}

/** An on step, from when the client reached it. */
interface Listener {
  step: Extract<CompiledStep, { kind: 'on' }>;
}

export class ScenarioClient {
  private readonly context: ValueContext;
  private waiter: Waiter | null = null;
  private readonly listeners: Listener[] = [];
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private endedAs: ScenarioClientEnd | null = null;
  private finished = false;
  private timeouts = 0;
  private failures = 0;
  private unexpected = 0;

  constructor(
    private readonly owner: ScenarioOwner,
    private readonly connection: ScenarioConnection,
    readonly client: number,
    private readonly group: { name: string; steps: CompiledStep[] },
    token: string,
  ) {
    this.context = { client, seq: 0, token };
  }

  /** Runs the steps; resolves when they are done or the connection ended. */
  async run(): Promise<void> {
    await this.runSteps(this.group.steps, null);
    this.finished = this.endedAs === null;
  }

  /** A message arrived: the step waiting for it takes it, else the first on step that matches, else it is unexpected. */
  receive(event: string | null, args: readonly unknown[]): void {
    const message = new ReceivedMessage(event, args);
    const waiter = this.waiter;
    if (waiter?.filter?.matches(message)) return waiter.resolve({ outcome: 'matched', at: performance.now(), reply: [...args] });
    for (const { step } of this.listeners) {
      if (!step.filter.matches(message)) continue;
      const tally = this.owner.tallies.of(step.name);
      tally.started += 1;
      const sentAt = step.timestamp === null ? undefined : fieldOf(message.payload(), step.timestamp);
      if (typeof sentAt === 'number') tally.record(Math.max(0, Date.now() - sentAt));
      else tally.completed += 1;
      return;
    }
    this.unexpected += 1;
    if (waiter?.tally) waiter.tally.unexpected += 1;
  }

  /** The connection ended: whatever waits gives up, and no step runs after this. */
  end(how: ScenarioClientEnd): void {
    if (this.endedAs !== null) return;
    this.endedAs = how;
    this.waiter?.resolve({ outcome: 'ended' });
    if (this.sleeping !== null) {
      clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
  }

  row(worker: number): ScenarioClientRow {
    const { client, timeouts, failures, unexpected } = this;
    return { client, worker, group: this.group.name, finished: this.finished, timeouts, failures, unexpected, end: this.endedAs ?? 'run' };
  }

  private get active(): boolean {
    return this.endedAs === null && this.connection.isOpen();
  }

  /** Runs steps in order; `intendedStart`: when the first of them should have started (a rate loop's iteration), else null. */
  private async runSteps(steps: readonly CompiledStep[], intendedStart: number | null): Promise<void> {
    // The time the step before "happened": what an expect is timed from.
    let mark = intendedStart ?? performance.now();
    let first = true;
    for (const step of steps) {
      if (!this.active) return;
      const startedAt = first && intendedStart !== null ? intendedStart : performance.now();
      first = false;
      mark = await this.runStep(step, startedAt, mark);
    }
  }

  /** Runs one step; returns the time the next expect is timed from. */
  private async runStep(step: CompiledStep, startedAt: number, mark: number): Promise<number> {
    switch (step.kind) {
      case 'emit':
        return this.emit(step, startedAt);
      case 'send':
        this.connection.send(this.sendData(step.data));
        this.sent(step.name);
        if (step.name !== null) {
          const tally = this.owner.tallies.of(step.name);
          tally.started += 1;
          tally.completed += 1;
        }
        return startedAt;
      case 'expect':
        return this.expect(step, mark);
      case 'on':
        // An on step inside a loop listens from its first pass on; later passes change nothing.
        if (this.listeners.some((listener) => listener.step === step)) return mark;
        this.listeners.push({ step });
        if (step.fanOut !== null) this.owner.joined(this.client, step);
        return mark;
      case 'think':
        await this.sleep(step.minMs + Math.random() * (step.maxMs - step.minMs));
        return performance.now();
      case 'loop':
        await this.loop(step);
        return performance.now();
      case 'wait':
        await this.owner.rampOver;
        return performance.now();
    }
  }

  private sendData(data: Extract<CompiledStep, { kind: 'send' }>['data']): string | Buffer {
    const context = this.nextMessage();
    if ('binary' in data) return expandValue({ whole: { kind: 'binary', n: data.binary } }, context) as Buffer;
    if ('text' in data) return String(expandValue(data.text, context));
    return JSON.stringify(expandValue(data.json, context));
  }

  /** The context of the next message, and one more message counted. */
  private nextMessage(): ValueContext {
    const context = { ...this.context };
    this.context.seq += 1;
    return context;
  }

  private sent(name: string | null): void {
    if (name !== null) this.owner.sentBy(this.client, name);
  }

  private async emit(step: Extract<CompiledStep, { kind: 'emit' }>, startedAt: number): Promise<number> {
    const context = this.nextMessage();
    const args = step.args.map((plan: ValuePlan) => expandValue(plan, context));
    const tally = step.name === null ? null : this.owner.tallies.of(step.name);
    if (tally !== null) tally.started += 1;
    if (!step.ack) {
      this.connection.emit(step.event, args, null);
      this.sent(step.name);
      // Nothing comes back to time: the emit is counted, not timed.
      if (tally !== null) tally.completed += 1;
      return startedAt;
    }
    const waited = this.wait(null, tally, step.timeoutMs - (performance.now() - startedAt), (resolve) =>
      this.connection.emit(step.event, args, (...reply) => resolve({ outcome: 'matched', at: performance.now(), reply })),
    );
    this.sent(step.name);
    const result = await waited;
    this.account(tally, result, startedAt);
    if (result.outcome === 'matched' && ackFailed(result.reply)) {
      this.failures += 1;
      if (tally !== null) tally.failures += 1;
    }
    return result.outcome === 'matched' ? result.at : performance.now();
  }

  private async expect(step: Extract<CompiledStep, { kind: 'expect' }>, mark: number): Promise<number> {
    const tally = this.owner.tallies.of(step.name);
    tally.started += 1;
    const result = await this.wait(step.filter, tally, step.timeoutMs - (performance.now() - mark), () => undefined);
    this.account(tally, result, mark);
    return result.outcome === 'matched' ? result.at : performance.now();
  }

  private account(tally: StepTally | null, result: WaitOutcome, from: number): void {
    if (result.outcome === 'matched') tally?.record(result.at - from);
    else if (result.outcome === 'timeout') {
      this.timeouts += 1;
      if (tally !== null) tally.timeouts += 1;
    } else if (this.endedAs === 'server' && tally !== null) tally.disconnects += 1;
  }

  /** Waits up to `timeoutMs` for `filter` (or, with none, for what `begin` arranges to resolve); `tally`: the figure of the step that waits. */
  private wait(
    filter: MessageFilter | null,
    tally: StepTally | null,
    timeoutMs: number,
    begin: (resolve: (outcome: WaitOutcome) => void) => void,
  ): Promise<WaitOutcome> {
    return new Promise<WaitOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: WaitOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(waiter.timer);
        if (this.waiter === waiter) this.waiter = null;
        resolve(outcome);
      };
      const waiter: Waiter = { filter, tally, timer: setTimeout(() => settle({ outcome: 'timeout' }), Math.max(0, timeoutMs)), resolve: settle };
      this.waiter = waiter;
      if (this.endedAs !== null) return settle({ outcome: 'ended' });
      begin(settle);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.endedAs !== null) return resolve();
      const wake = (): void => {
        this.sleeping = null;
        resolve();
      };
      this.sleeping = { timer: setTimeout(wake, ms), wake };
    });
  }

  private async loop(step: Extract<CompiledStep, { kind: 'loop' }>): Promise<void> {
    const start = performance.now();
    const periodMs = step.ratePerSecond === null ? null : 1000 / step.ratePerSecond;
    for (let iteration = 0; this.active; iteration += 1) {
      if (step.count !== null && iteration >= step.count) return;
      const offset = periodMs === null ? performance.now() - start : iteration * periodMs;
      if (step.durationMs !== null && offset >= step.durationMs) return;
      const intended = start + offset;
      const wait = intended - performance.now();
      if (wait > 0) await this.sleep(wait);
      if (!this.active) return;
      await this.runSteps(step.steps, periodMs === null ? null : intended);
    }
  }
}

/** An ack whose first argument is an object with an `error` field: the server refused what was sent. */
function ackFailed(reply: readonly unknown[]): boolean {
  const first = reply[0];
  return first !== null && typeof first === 'object' && 'error' in first;
}
