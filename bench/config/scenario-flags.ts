/**
 * --scenario and the flags it replaces: a scenario's clients succeed at their open (connect mode)
 * and then run their steps, so the flags of bench's own traffic do not apply; with phases, the
 * phases bring the clients, so --clients and --rate do not either.
 */
import { ConfigError } from '../errors.js';
import { ArrivalSchedule } from '../../protocol/arrival-phases.js';
import type { Scenario, ScenarioStep } from '../../protocol/scenario.js';
import type { ScenarioContext } from './scenario-file.js';
import { scenarioReader } from './scenario-reader.js';

/** The flags as the CLI received them. */
export interface ScenarioFlagsInput {
  scenario?: string;
}

/** What the flags a scenario conflicts with were given as. */
interface OtherFlags {
  mode?: string;
  messagesPerSecond?: string;
  payloadBytes?: string;
  duration?: string;
  rooms?: string;
  publishers?: string;
  publishRate?: string;
  clients?: string;
  rate?: string;
}

/** A scenario, and the client count and peak arrival rate its phases give (null without phases). */
export interface ResolvedScenario {
  scenario: Scenario;
  phased: { clients: number; peakRatePerSecond: number } | null;
}

const TRAFFIC_FLAGS: Array<[keyof OtherFlags, string]> = [
  ['mode', '--mode'],
  ['messagesPerSecond', '--messages-per-second'],
  ['payloadBytes', '--payload-bytes'],
  ['duration', '--duration'],
  ['rooms', '--rooms'],
  ['publishers', '--publishers'],
  ['publishRate', '--publish-rate'],
];

/** The scenario of the run, or null without --scenario. Throws ConfigError naming the flag, or the file's line and field. */
export function resolveScenario(input: ScenarioFlagsInput & OtherFlags, context: ScenarioContext): ResolvedScenario | null {
  if (input.scenario === undefined) return null;
  for (const [key, flag] of TRAFFIC_FLAGS) {
    if (input[key] !== undefined) throw new ConfigError(`${flag} cannot be used with --scenario: the scenario's steps are the clients' traffic; drop ${flag}`);
  }
  const scenario = scenarioReader()(input.scenario, context);
  if (scenario.phases === null) return { scenario, phased: null };
  for (const [key, flag] of [
    ['clients', '--clients'],
    ['rate', '--rate'],
  ] as const) {
    if (input[key] !== undefined)
      throw new ConfigError(`${flag} cannot be used with a scenario that has phases: its phases bring the clients; drop ${flag} or the phases`);
  }
  const schedule = new ArrivalSchedule(scenario.phases);
  return { scenario, phased: { clients: schedule.clients, peakRatePerSecond: schedule.peakRate() } };
}

/** The most messages per second one client of the scenario sends in a loop with a rate (for the worker count); 0 without. */
export function scenarioMessagesPerSecond(scenario: Scenario): number {
  const rateOf = (steps: readonly ScenarioStep[]): number =>
    Math.max(
      0,
      ...steps.map((step) => {
        if (step.kind !== 'loop') return 0;
        const sends = step.steps.filter((inner) => inner.kind === 'emit' || inner.kind === 'send').length;
        return Math.max((step.ratePerSecond ?? 0) * sends, rateOf(step.steps));
      }),
    );
  return Math.max(0, ...scenario.groups.map((group) => rateOf(group.steps)));
}
