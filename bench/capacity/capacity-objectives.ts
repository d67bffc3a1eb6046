/**
 * --objective: the question `bench capacity` answers. `server`: how many clients one server holds
 * while each sends steady traffic, the clients arriving at a pace, judged on the round trip,
 * failures, drops and lost messages. `burst`: how large a burst of handshakes it absorbs, judged on
 * connect and first-message p99 (the only search before --objective). Each fills the run flags and
 * objectives the user did not give; capacity.json records what it filled.
 */
import type { RunOptionsInput } from '../config/run-config.js';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../config/profiles.js';
import type { TransportName } from '../../protocol/transports.js';

/** The values of --objective. */
export const CAPACITY_OBJECTIVES = ['server', 'burst'] as const;
/** One of the objectives. */
export type CapacityObjective = (typeof CAPACITY_OBJECTIVES)[number];

/** The objective when --objective is not given: the server's capacity, which is what the question "how many connections can it handle" asks. */
export const DEFAULT_OBJECTIVE: CapacityObjective = 'server';

/**
 * The server objective's bounds: a round trip an interactive app notices (100 ms), and a
 * thousandth of the clients failing, dropped, or losing a message (a count bounded as a share of
 * the clients, so at 10 messages per client a lost-message bound of 0.01% of the messages).
 */
export const SERVER_SLO = 'steadyTraffic.roundTripMs.p99<100ms,failed<0.1%,dropped<0.1%,steadyTraffic.lost<0.1%';

/** The burst objective's bounds: the search's objectives before --objective, unchanged. */
export const BURST_SLO = 'connectMs.p99<500ms,firstMessageMs.p99<200ms,failed<0.1%';

/**
 * The server objective's workload, as the flags would be typed. 500 connections/s is a quarter of
 * the 2,100/s a Socket.IO server took 10,000 clients at flat out on this project's 2-core machine,
 * so arrivals do not queue, and what one library-client worker opens within half a core (method.md);
 * it brings 10,000 clients in 20 s. One message per client per second for 10 s gives each client
 * 10 round trips, and the search a p99 over thousands of them. The wire client costs the load
 * generator least, so the server, not the clients, is what runs out.
 */
export const SERVER_RUN_FLAGS = { rate: '500', messagesPerSecond: '1', duration: '10', client: 'wire' } as const;

/** The run flags an objective may fill, as typed. */
export type ObjectiveRunFlags = Partial<Record<keyof typeof SERVER_RUN_FLAGS, string>>;

/** The run flags the user gave that decide what an objective fills. */
export type ObjectiveGivenFlags = Pick<
  RunOptionsInput,
  'rate' | 'messagesPerSecond' | 'duration' | 'hold' | 'client' | 'mode' | 'scenario' | 'profile' | 'socketioTransports' | 'sockjsTransports'
>;

/** What an objective filled where the user gave nothing: run flags as typed, and the objectives (null: --slo was given). */
export interface ObjectiveFill {
  runFlags: ObjectiveRunFlags;
  slo: string | null;
}

/** The rate a --profile supplies for this transport (study-2020: 1,000/s), which the objective leaves to it. */
function profileRate(profile: string | undefined, transport: TransportName): string | undefined {
  if (profile === undefined || !(PROFILE_NAMES as readonly string[]).includes(profile)) return undefined;
  const { all, byTransport } = PROFILES[profile as ProfileName];
  return byTransport[transport]?.rate ?? all.rate;
}

/** Whether bench's own steady echo traffic can run in the user's workload: not beside a scenario's steps or a mode without echoes. */
function takesSteadyTraffic(given: ObjectiveGivenFlags): boolean {
  return given.scenario === undefined && (given.mode === undefined || given.mode === 'echo' || given.mode === 'push');
}

/**
 * Whether the wire client can drive the user's workload: it speaks the websocket transports only,
 * and both profiles poll (Socket.IO's polling,websocket), so a workload that names other transports
 * keeps the library rather than fail on a flag the user never typed.
 */
function wireDrives(given: ObjectiveGivenFlags): boolean {
  const websocketOnly = (transports: string | undefined): boolean => transports === undefined || transports === 'websocket';
  return given.profile === undefined && websocketOnly(given.socketioTransports) && websocketOnly(given.sockjsTransports);
}

/** The run flags and objectives `objective` fills, each only where the user gave none and the workload takes it. */
export function objectiveFill(objective: CapacityObjective, transport: TransportName, given: ObjectiveGivenFlags, sloGiven: boolean): ObjectiveFill {
  if (objective === 'burst') return { runFlags: {}, slo: sloGiven ? null : BURST_SLO };
  const runFlags: ObjectiveRunFlags = {};
  // A scenario brings its own clients (its phases refuse --rate), a profile its own pace.
  if (given.rate === undefined && given.scenario === undefined && profileRate(given.profile, transport) === undefined) runFlags.rate = SERVER_RUN_FLAGS.rate;
  if (takesSteadyTraffic(given)) {
    if (given.messagesPerSecond === undefined) runFlags.messagesPerSecond = SERVER_RUN_FLAGS.messagesPerSecond;
    // A --hold given is how long the user wants each run to hold; steady traffic then fills it, as in bench run.
    if (given.duration === undefined && given.hold === undefined) runFlags.duration = SERVER_RUN_FLAGS.duration;
  }
  if (given.client === undefined && wireDrives(given)) runFlags.client = SERVER_RUN_FLAGS.client;
  return { runFlags, slo: sloGiven ? null : SERVER_SLO };
}

/** The filled flags as they would be typed: "--rate 500 --messages-per-second 1". */
export function filledFlagsText(runFlags: ObjectiveRunFlags): string {
  return Object.entries(runFlags)
    .map(([key, value]) => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${value}`)
    .join(' ');
}
