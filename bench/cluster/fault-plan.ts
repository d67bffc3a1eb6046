/**
 * --kill redis@10s[,restart@20s] (or the run's other broker: postgres, nats) and --kill
 * node:1@10s[,restart@20s]: parsed into a flat, generic list of {component, action, atMs}, so that
 * other kinds of faults can join the same scheduler.
 */
import { ConfigError } from '../errors.js';
import { BROKERS, type BrokerName } from '../../protocol/sync-adapters.js';

/** A component of the topology a fault can hit: its broker, or node i (from 0). */
export type FaultComponent = BrokerName | `node:${number}`;

/**
 * What a step does: SIGKILL a component, start it again on its port, start a new node and put it in
 * the balancer's pool (--add-node-at), or take a node out of the pool and close its clients (--drain).
 */
export const FAULT_ACTIONS = ['kill', 'restart', 'add', 'drain'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

/** One planned action; atMs counts from the start of the hold. */
export interface FaultStep {
  component: FaultComponent;
  action: FaultAction;
  atMs: number;
}

/** How a --kill value is written, with the run's broker named. */
function killForm(broker: BrokerName | null): string {
  return `${broker === null ? '' : `${broker}@10s or `}node:1@10s, optionally followed by ,restart@20s`;
}

/** "10s", "1.5s", "500ms" or "10" (seconds), in ms; null when it is none of those. */
function parseTimeMs(raw: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!match) return null;
  const value = Number(match[1]);
  return Math.round(match[2] === 'ms' ? value : value * 1000);
}

function parseComponent(raw: string, flag: string, nodes: number, broker: BrokerName | null): FaultComponent {
  if (raw === broker) return broker;
  const has = `${broker === null ? 'no broker (the cluster adapter relays through its node:cluster primary), ' : `${broker} and `}node:0 to node:${nodes - 1}`;
  if ((BROKERS as readonly string[]).includes(raw)) throw new ConfigError(`${flag}: this run has no ${raw}; the topology has ${has}`);
  const node = /^node:(\d+)$/.exec(raw);
  if (!node) throw new ConfigError(`${flag}: unknown component "${raw}"; the topology has ${has}`);
  const index = Number(node[1]);
  if (index >= nodes) throw new ConfigError(`${flag}: node:${index} is not in the topology; --nodes ${nodes} has node:0 to node:${nodes - 1}`);
  return `node:${index}`;
}

/** One --kill value into its steps. */
function parseKill(raw: string, nodes: number, holdMs: number, broker: BrokerName | null): FaultStep[] {
  const flag = `--kill ${raw}`;
  const [killPart, restartPart, ...rest] = raw.split(',').map((part) => part.trim());
  const kill = /^([^@]+)@(.+)$/.exec(killPart ?? '');
  if (!kill || rest.length > 0) throw new ConfigError(`${flag}: expected ${killForm(broker)}`);
  const component = parseComponent(kill[1] as string, flag, nodes, broker);
  const killAtMs = parseTimeMs(kill[2] as string);
  if (killAtMs === null) throw new ConfigError(`${flag}: "${kill[2]}" is not a time; write 10s or 500ms`);
  const steps: FaultStep[] = [{ component, action: 'kill', atMs: killAtMs }];
  if (restartPart !== undefined) {
    const restart = /^restart@(.+)$/.exec(restartPart);
    const restartAtMs = restart ? parseTimeMs(restart[1] as string) : null;
    if (restartAtMs === null) throw new ConfigError(`${flag}: expected ${killForm(broker)}`);
    if (restartAtMs <= killAtMs) throw new ConfigError(`${flag}: the restart (${restartAtMs / 1000} s) must come after the kill (${killAtMs / 1000} s)`);
    steps.push({ component, action: 'restart', atMs: restartAtMs });
  }
  for (const step of steps) {
    if (step.atMs > holdMs) {
      throw new ConfigError(
        `${flag}: the ${step.action}, ${step.atMs / 1000} s into the hold, is past the run's end: the hold lasts ${holdMs / 1000} s; raise --hold`,
      );
    }
  }
  return steps;
}

/** Every --kill given, as steps in time order; a component killed twice is refused. `broker`: the run's, or null (cluster adapter). */
export function parseFaultFlags(values: string[], nodes: number, holdMs: number, broker: BrokerName | null): FaultStep[] {
  const steps = values.flatMap((value) => parseKill(value, nodes, holdMs, broker));
  const killed = steps.filter((step) => step.action === 'kill').map((step) => step.component);
  const twice = killed.find((component, index) => killed.indexOf(component) !== index);
  if (twice !== undefined) throw new ConfigError(`--kill names ${twice} twice; give each component one --kill`);
  return steps.sort((a, b) => a.atMs - b.atMs);
}

/** The scale-out flags: a node that joins the pool during the hold, and nodes drained out of it. */
export interface ScaleFlags {
  addNodeAt?: string;
  drain?: string[];
}

/** --add-node-at and --drain as steps; `nodes` is the run's count before any is added. */
export function parseScaleFlags(flags: ScaleFlags, nodes: number, holdMs: number): FaultStep[] {
  const steps: FaultStep[] = [];
  const inHold = (flag: string, atMs: number): void => {
    if (atMs > holdMs) throw new ConfigError(`${flag}: ${atMs / 1000} s into the hold is past the run's end: the hold lasts ${holdMs / 1000} s; raise --hold`);
  };
  if (flags.addNodeAt !== undefined) {
    const atMs = parseTimeMs(flags.addNodeAt);
    if (atMs === null) throw new ConfigError(`--add-node-at: "${flags.addNodeAt}" is not a time; write 10s or 500ms`);
    inHold(`--add-node-at ${flags.addNodeAt}`, atMs);
    steps.push({ component: `node:${nodes}`, action: 'add', atMs });
  }
  const added = steps[0];
  const drained = new Set<string>();
  for (const raw of flags.drain ?? []) {
    const flag = `--drain ${raw}`;
    const match = /^node:(\d+)@(.+)$/.exec(raw.trim());
    if (!match) throw new ConfigError(`${flag}: expected node:1@20s`);
    const index = Number(match[1]);
    const atMs = parseTimeMs(match[2] as string);
    if (atMs === null) throw new ConfigError(`${flag}: "${match[2]}" is not a time; write 20s or 500ms`);
    const last = added === undefined ? nodes - 1 : nodes;
    if (index > last)
      throw new ConfigError(
        `${flag}: node:${index} is not in the topology; it has node:0 to node:${last}${added === undefined ? '' : ' (the last added by --add-node-at)'}`,
      );
    if (added !== undefined && index === nodes && atMs <= added.atMs)
      throw new ConfigError(`${flag}: node:${index} joins at ${added.atMs / 1000} s (--add-node-at), so it can be drained only after that`);
    if (drained.has(`node:${index}`)) throw new ConfigError(`--drain names node:${index} twice; give each node one --drain`);
    drained.add(`node:${index}`);
    inHold(flag, atMs);
    steps.push({ component: `node:${index}`, action: 'drain', atMs });
  }
  // The pool over time must never be empty, or the drained clients would have nowhere to go.
  let inPool = nodes;
  for (const step of [...steps].sort((a, b) => a.atMs - b.atMs || (a.action === 'add' ? -1 : 1))) {
    inPool += step.action === 'add' ? 1 : -1;
    if (inPool === 0)
      throw new ConfigError(`--drain ${step.component}@${step.atMs / 1000}s would leave the pool empty then; leave one node to take the clients`);
  }
  return steps;
}

/** Whether the plan kills a server node: its clients then reconnect, and the load balancer fails over. */
export function plansNodeKill(plan: { faults: readonly FaultStep[] }): boolean {
  return plan.faults.some((step) => step.action === 'kill' && step.component.startsWith('node:'));
}

/** Whether the plan moves clients: a node killed or drained, whose clients then reconnect through the balancer. */
export function plansReconnection(plan: { faults: readonly FaultStep[] }): boolean {
  return plansNodeKill(plan) || plan.faults.some((step) => step.action === 'drain');
}

/** Whether the plan changes the balancer's pool (--add-node-at, --drain). */
export function plansPoolChange(plan: { faults: readonly FaultStep[] }): boolean {
  return plan.faults.some((step) => step.action === 'add' || step.action === 'drain');
}
