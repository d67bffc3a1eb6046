/**
 * --kill redis@10s[,restart@20s] and --kill node:1@10s[,restart@20s]: parsed into a flat, generic
 * list of {component, action, atMs}, so that other kinds of faults can join the same scheduler.
 */
import { ConfigError } from '../errors.js';

/** A component of the topology a fault can hit: Redis, or node i (from 0). */
export type FaultComponent = 'redis' | `node:${number}`;

/** One planned action; atMs counts from the start of the hold. */
export interface FaultStep {
  component: FaultComponent;
  action: 'kill' | 'restart';
  atMs: number;
}

const KILL_FORM = 'redis@10s or node:1@10s, optionally followed by ,restart@20s';

/** "10s", "1.5s", "500ms" or "10" (seconds), in ms; null when it is none of those. */
function parseTimeMs(raw: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!match) return null;
  const value = Number(match[1]);
  return Math.round(match[2] === 'ms' ? value : value * 1000);
}

function parseComponent(raw: string, flag: string, nodes: number): FaultComponent {
  if (raw === 'redis') return 'redis';
  const node = /^node:(\d+)$/.exec(raw);
  if (!node) throw new ConfigError(`${flag}: unknown component "${raw}"; the topology has redis and node:0 to node:${nodes - 1}`);
  const index = Number(node[1]);
  if (index >= nodes) throw new ConfigError(`${flag}: node:${index} is not in the topology; --nodes ${nodes} has node:0 to node:${nodes - 1}`);
  return `node:${index}`;
}

/** One --kill value into its steps. */
function parseKill(raw: string, nodes: number, holdMs: number): FaultStep[] {
  const flag = `--kill ${raw}`;
  const [killPart, restartPart, ...rest] = raw.split(',').map((part) => part.trim());
  const kill = /^([^@]+)@(.+)$/.exec(killPart ?? '');
  if (!kill || rest.length > 0) throw new ConfigError(`${flag}: expected ${KILL_FORM}`);
  const component = parseComponent(kill[1] as string, flag, nodes);
  const killAtMs = parseTimeMs(kill[2] as string);
  if (killAtMs === null) throw new ConfigError(`${flag}: "${kill[2]}" is not a time; write 10s or 500ms`);
  const steps: FaultStep[] = [{ component, action: 'kill', atMs: killAtMs }];
  if (restartPart !== undefined) {
    const restart = /^restart@(.+)$/.exec(restartPart);
    const restartAtMs = restart ? parseTimeMs(restart[1] as string) : null;
    if (restartAtMs === null) throw new ConfigError(`${flag}: expected ${KILL_FORM}`);
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

/** Every --kill given, as steps in time order; a component killed twice is refused. */
export function parseFaultFlags(values: string[], nodes: number, holdMs: number): FaultStep[] {
  const steps = values.flatMap((value) => parseKill(value, nodes, holdMs));
  const killed = steps.filter((step) => step.action === 'kill').map((step) => step.component);
  const twice = killed.find((component, index) => killed.indexOf(component) !== index);
  if (twice !== undefined) throw new ConfigError(`--kill names ${twice} twice; give each component one --kill`);
  return steps.sort((a, b) => a.atMs - b.atMs);
}

/** Whether the plan kills a server node: its clients then reconnect, and the load balancer fails over. */
export function plansNodeKill(plan: { faults: readonly FaultStep[] }): boolean {
  return plan.faults.some((step) => step.action === 'kill' && step.component.startsWith('node:'));
}
