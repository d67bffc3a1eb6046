/**
 * A scenario (bench run --scenario): each client's steps with the app's own events, and the
 * arrival phases of the run. This is the checked, normalised form the config builds from the file
 * (bench/config/scenario-file.ts), records in run.json and sends to every worker.
 */
import type { JsonValue } from './handshake.js';

/** The names a scenario template may use; `id % N`, `random N` and `binary N` take a number. */
export const SCENARIO_TEMPLATE_NAMES = ['id', 'id % N', 'seq', 'now', 'token', 'random N', 'binary N'] as const;

/** A value a step sends: JSON whose strings may hold templates, as written in the file. */
export type ScenarioValue = JsonValue;

/** Fields a received payload must have (dotted paths into it), with their values, for a step to match it. */
export type MatchFields = Record<string, JsonValue>;

/** Socket.IO: emit an event with arguments; with `ack`, timed from the emit to the server's acknowledgement. */
export interface EmitStep {
  kind: 'emit';
  /** The figure it is counted under; null: counted under no figure (an emit without ack, unnamed). */
  name: string | null;
  event: string;
  args: ScenarioValue[];
  ack: boolean;
  timeoutMs: number;
}

/** ws and SockJS: send one text, JSON or binary message; counted, and timed by the expect that follows it. */
export interface SendStep {
  kind: 'send';
  name: string | null;
  /** text and json are sent as one text frame; binary as one binary frame of that many bytes (ws only). */
  data: { text: string } | { json: ScenarioValue } | { binary: number };
}

/** Waits for a message (Socket.IO: an event) that matches, timed from the time of the step before. */
export interface ExpectStep {
  kind: 'expect';
  name: string;
  /** Socket.IO: the event's name; null for ws and SockJS, whose messages have none. */
  event: string | null;
  /** Fields the payload (Socket.IO: its first argument) must have; null: any. */
  match: MatchFields | null;
  /** A regular expression the text of the message must match; null: any. */
  pattern: string | null;
  timeoutMs: number;
}

/** From this step on, counts what the server pushes that matches, timed against a field of its payload when given. */
export interface OnStep {
  kind: 'on';
  name: string;
  event: string | null;
  match: MatchFields | null;
  pattern: string | null;
  /** Dotted path of a field holding the send time (ms since the Unix epoch, as Date.now()); null: counted, not timed. */
  timestamp: string | null;
  /** How many pushes each send of another step should bring, so that a shortfall is counted; null: not known. */
  fanOut: FanOut | null;
}

/** Every send of step `from` by a member of a room reaches the room's other members (and the sender, with `self`). */
export interface FanOut {
  from: string;
  /** A template of the client's room, e.g. "room-{{id % 200}}". */
  room: string;
  self: boolean;
}

/** Waits a fixed time, or a uniformly random time in a range. */
export interface ThinkStep {
  kind: 'think';
  minMs: number;
  maxMs: number;
}

/** Runs its steps `count` times, or for `durationMs`; with `ratePerSecond`, each iteration starts at its intended time. */
export interface LoopStep {
  kind: 'loop';
  count: number | null;
  durationMs: number | null;
  /** Iterations per second of each client; null: one after the other. */
  ratePerSecond: number | null;
  steps: ScenarioStep[];
}

/** Waits until the ramp is over: every client of this bench run connected or failed. */
export interface WaitStep {
  kind: 'wait';
  for: 'ramp';
}

/** One step of a client. */
export type ScenarioStep = EmitStep | SendStep | ExpectStep | OnStep | ThinkStep | LoopStep | WaitStep;

/** Clients of a kind: their share of the run's clients, and their steps. */
export interface ScenarioGroup {
  name: string;
  weight: number;
  steps: ScenarioStep[];
}

/**
 * One arrival phase: clients arrive at a rate that goes linearly from `arrivalRate` to `rampTo`
 * (the same when constant) over `durationMs`; or, with `leave`, that many of the clients that
 * arrived earlier leave, spread evenly over the phase, the earliest first; or nobody arrives or leaves.
 */
export interface ArrivalPhase {
  name: string;
  durationMs: number;
  /** Clients per second at the start of the phase, and at its end; 0 and 0 when nobody arrives. */
  arrivalRate: number;
  rampTo: number;
  /** Clients that leave in this phase; 0: none. */
  leave: number;
}

/** A figure's step as the summary names it: what it times. */
export type TimedStepKind = 'emit' | 'send' | 'expect' | 'on';

/** A named step as the workers count it. */
export interface ScenarioFigure {
  name: string;
  kind: TimedStepKind;
}

/** The scenario of a run, checked. */
export interface Scenario {
  /** Absolute path of the file it was read from. */
  file: string;
  name: string | null;
  groups: ScenarioGroup[];
  /** Arrival phases; null: --clients and --rate decide, as without a scenario. */
  phases: ArrivalPhase[] | null;
  /** Every step with a figure, in the order they first appear. */
  figures: ScenarioFigure[];
  /** A template uses {{token}}: the run needs --tokens-file. */
  usesToken: boolean;
}

/** What one worker counted of one figure; latencies in microseconds, as an HDR histogram (compressed base64). */
export interface WorkerStepReport {
  name: string;
  kind: TimedStepKind;
  histogram: string;
  /** Emits and sends made, expects begun; for an on step, pushes received (as completed). */
  started: number;
  /** Acks and matching replies received in time; for an on step, pushes received. */
  completed: number;
  /** Waits that ran past their timeout. */
  timeouts: number;
  /** Acks whose first argument carried an `error`. */
  failures: number;
  /** Waits cut short by the server closing the connection. */
  disconnects: number;
  /** Messages that came while this step waited and did not match it (nor an on step). */
  unexpected: number;
}

/** What one worker counted toward an on step's fan-out: per room, the members that connected and what they sent. */
export interface WorkerFanOutReport {
  /** The on step's figure. */
  name: string;
  /** [room, members (clients that reached the on step), sends of the fanOut's `from` step by members, sends by other clients of the room]. */
  rooms: Array<[string, number, number, number]>;
}

/** One row of scenario-clients.csv: what one client of a scenario did. */
export interface ScenarioClientRow {
  client: number;
  worker: number;
  group: string;
  /** It ran every one of its steps. */
  finished: boolean;
  timeouts: number;
  failures: number;
  /** Messages that arrived when no step waited for them and no on step took them. */
  unexpected: number;
  /** How its connection ended: the run closed it, it left (a leave phase), or the server closed it. */
  end: ScenarioClientEnd;
}

/** How a scenario client's connection ended. */
export type ScenarioClientEnd = 'run' | 'left' | 'server';
