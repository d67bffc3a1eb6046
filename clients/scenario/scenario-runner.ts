/**
 * A worker's side of a scenario: which group each client is in, one ScenarioClient per client that
 * connected, the fan-out counts, and when the worker's part is over (every client's steps done,
 * the ramp over, the last arrival phase ended).
 */
import { performance } from 'node:perf_hooks';
import type { Scenario, ScenarioClientEnd, ScenarioClientRow, WorkerFanOutReport, WorkerStepReport } from '../../protocol/scenario.js';
import { compileSteps, fanOutSteps, type CompiledStep } from './compiled-steps.js';
import { ScenarioClient, type ScenarioConnection, type ScenarioOwner } from './scenario-client.js';
import { StepTallies } from './step-tallies.js';
import { expandValue } from './value-plan.js';

type HistogramCodec = typeof import('../../protocol/round-trip-histogram.js');

/** The fractional part of the golden ratio: client c's position (c + 0.5) · φ mod 1 spreads any run of ids evenly over [0, 1). */
const GOLDEN_FRACTION = 0.6180339887498949;

interface CompiledGroup {
  name: string;
  steps: CompiledStep[];
}

/** The group of client `client`: the weights' shares, spread over the ids rather than in blocks, so every worker and shard gets its share. */
export function groupIndexOf(client: number, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const position = ((client + 0.5) * GOLDEN_FRACTION) % 1;
  let upTo = 0;
  for (let index = 0; index < weights.length; index += 1) {
    upTo += (weights[index] as number) / total;
    if (position < upTo) return index;
  }
  return weights.length - 1;
}

export class ScenarioRunner implements ScenarioOwner {
  readonly tallies: StepTallies;
  readonly rampOver: Promise<void>;
  private markRampOver: () => void = () => undefined;
  private readonly groups: CompiledGroup[];
  private readonly weights: number[];
  private readonly clients = new Map<unknown, ScenarioClient>();
  private readonly rows: ScenarioClientRow[] = [];
  /** On steps with a fan-out, by the figure of their `from` step. */
  private readonly fanOutsFrom = new Map<string, Array<Extract<CompiledStep, { kind: 'on' }>>>();
  /** The fan-out steps each client reached. */
  private readonly memberships = new Map<number, Set<string>>();
  private running = 0;
  private idle: (() => void) | null = null;

  constructor(
    scenario: Scenario,
    codec: HistogramCodec,
    private readonly tokens: readonly string[],
    private readonly workerIndex: number,
  ) {
    this.tallies = new StepTallies(scenario.figures, codec);
    this.rampOver = new Promise((resolve) => (this.markRampOver = resolve));
    this.groups = scenario.groups.map((group) => ({ name: group.name, steps: compileSteps(group.steps) }));
    this.weights = scenario.groups.map((group) => group.weight);
    for (const group of this.groups) {
      for (const step of fanOutSteps(group.steps)) {
        const from = step.fanOut?.from as string;
        this.fanOutsFrom.set(from, [...(this.fanOutsFrom.get(from) ?? []), step]);
      }
    }
  }

  /** A client connected: its steps start now. `key` is what later events name it by (its session). */
  start(key: unknown, client: number, connection: ScenarioConnection): void {
    const group = this.groups[groupIndexOf(client, this.weights)] as CompiledGroup;
    const token = this.tokens.length === 0 ? '' : (this.tokens[client % this.tokens.length] as string);
    const scenarioClient = new ScenarioClient(this, connection, client, group, token);
    this.clients.set(key, scenarioClient);
    this.running += 1;
    void scenarioClient.run().finally(() => {
      this.running -= 1;
      if (this.running === 0) this.idle?.();
    });
  }

  receive(key: unknown, event: string | null, args: readonly unknown[]): void {
    this.clients.get(key)?.receive(event, args);
  }

  /** The client's connection ended; its row is kept. */
  ended(key: unknown, how: ScenarioClientEnd): void {
    const scenarioClient = this.clients.get(key);
    if (scenarioClient === undefined) return;
    scenarioClient.end(how);
    this.clients.delete(key);
    this.rows.push(scenarioClient.row(this.workerIndex));
  }

  /** The ramp of the whole run is over: wait steps go on. */
  rampIsOver(): void {
    this.markRampOver();
  }

  /** Resolves when every client that started has run its steps (or ended), and `untilMs` (performance.now()) has passed. */
  async finished(untilMs: number): Promise<void> {
    if (this.running > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    const left = untilMs - performance.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }

  sentBy(client: number, name: string): void {
    for (const step of this.fanOutsFrom.get(name) ?? []) {
      this.tallies.fanOut(step.name).sent(this.roomOf(client, step), this.memberships.get(client)?.has(step.name) ?? false);
    }
  }

  joined(client: number, step: Extract<CompiledStep, { kind: 'on' }>): void {
    let steps = this.memberships.get(client);
    if (steps === undefined) {
      steps = new Set();
      this.memberships.set(client, steps);
    }
    steps.add(step.name);
    this.tallies.fanOut(step.name).joined(this.roomOf(client, step));
  }

  private roomOf(client: number, step: Extract<CompiledStep, { kind: 'on' }>): string {
    return String(expandValue(step.fanOut?.roomPlan ?? { constant: '' }, { client, seq: 0, token: '' }));
  }

  stepReports(): WorkerStepReport[] {
    return this.tallies.reports();
  }

  fanOutReports(): WorkerFanOutReport[] {
    return this.tallies.fanOutReports();
  }

  /** Every client's row; those still connected are ended by the run first. */
  clientRows(): ScenarioClientRow[] {
    for (const key of [...this.clients.keys()]) this.ended(key, 'run');
    return this.rows;
  }
}
