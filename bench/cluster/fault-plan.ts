/**
 * --kill redis@10s[,restart@20s] (or the run's other broker: postgres, nats) and --kill
 * node:1@10s[,restart@20s]: parsed into a flat, generic list of {component, action, atMs}, so that
 * other kinds of faults can join the same scheduler.
 */
import { ConfigError } from '../errors.js';
import { BROKERS, type BrokerName } from '../../protocol/sync-adapters.js';

/** A component of the topology a fault can hit: its broker, or node i (from 0). */
export type FaultComponent = BrokerName | `node:${number}`;

/** One planned action; atMs counts from the start of the hold. */
export interface FaultStep {
  component: FaultComponent;
  action: 'kill' | 'restart';
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

/** Whether the plan kills a server node: its clients then reconnect, and the load balancer fails over. */
export function plansNodeKill(plan: { faults: readonly FaultStep[] }): boolean {
  return plan.faults.some((step) => step.action === 'kill' && step.component.startsWith('node:'));
}

/** Whether the plan kills the broker: the nodes then cannot reach each other until it is back. */
export function plansBrokerKill(plan: { faults: readonly FaultStep[] }): boolean {
  return plan.faults.some((step) => step.action === 'kill' && !step.component.startsWith('node:'));
}
