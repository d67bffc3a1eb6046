/**
 * The HTTP API between `bench run --agent` (the workstation) and `bench agent` (the target box).
 * Every request carries `Authorization: Bearer <token>`; bodies and replies are JSON, and the
 * sample stream is newline-delimited JSON. Times stamped by the box are its own epoch ms
 * (performance.timeOrigin + performance.now()), never the workstation's.
 */
import type { Environment } from '../run/environment.js';
import type { ServerOptions } from '../../protocol/messages.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';

/** Prefix of every route; bumped when the API changes incompatibly. */
export const AGENT_API_PREFIX = '/v1';

/** Largest request body the agent reads, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** What the workstation may ask for: the server options minus the address, which the box decides. */
export type RemoteServerOptions = Omit<ServerOptions, 'host' | 'port' | 'sync'>;

/** POST /v1/servers: start one echo server. */
export interface StartServerRequest {
  options: RemoteServerOptions;
  /** Sampling period of RSS/CPU on the box, in ms. */
  sampleIntervalMs: number;
  /** Start the server with --expose-gc (for --gc-before-steady). */
  exposeGc: boolean;
  /** How long the server may take to report listening, in ms. */
  startTimeoutMs: number;
  /** Open files the server process needs (its clients' sockets plus a margin). */
  filesNeeded: number;
  /** Start the command the agent declared under this name (bench agent --server-cmd name=...) instead of an echo server; absent: an echo server. */
  userServer?: UserServerRequest;
}

/** The status of a start request whose declared command would not start (502: the agent is fine, what it started is not). */
export const DECLARED_COMMAND_FAILED = 502;

/** Which declared command to start, and what its readiness probe needs to know. Never a command: the agent runs only those it declared. */
export interface UserServerRequest {
  name: string;
  /** The clients' --path: Socket.IO's engine path, the ws path, SockJS's prefix; null: the transport's own. */
  path: string | null;
  /** Socket.IO: whether the clients may use websocket (the probe asks over polling when not). */
  socketioWebsocket: boolean;
}

/** 201 reply to POST /v1/servers. */
export interface StartServerReply {
  id: string;
  /** URL the workstation's clients connect to. */
  url: string;
  pid: number;
  /** Box epoch ms at which the server reported listening. */
  listenedAtMs: number;
  /** How often the workstation must renew its lease (POST .../heartbeat), in ms. */
  heartbeatIntervalMs: number;
  /** The agent stops the server when no request about it arrives for this long, in ms. */
  leaseMs: number;
  /** Open-file limit the server process was given; null when it kept the agent's own. */
  fileLimit: number | null;
  /** The libraries the server process loaded, with their versions. */
  libraries: LoadedLibrary[];
}

/** GET /v1/clock. */
export interface ClockReply {
  /** Box epoch ms when the request was answered. */
  nowMs: number;
}

/** GET /v1/info. */
export interface InfoReply {
  benchVersion: string;
  environment: Environment;
  /** Id of the server running now, or null. */
  serverId: string | null;
  /** URL of the server running now, as handed to the run that started it, or null: where the other shards of that run connect. */
  serverUrl: string | null;
  /** Names of the commands it declared (bench agent --server-cmd name=...), never the commands; absent from an older agent. */
  serverCommands?: string[];
}

/** POST /v1/servers/:id/sample: a sample was taken and written to the stream before this reply. */
export interface SampleNowReply {
  /** Sequence number of the latest sample on the stream (-1 when there is none yet). */
  seq: number;
}

/** DELETE /v1/servers/:id. */
export interface StopServerReply {
  code: number | null;
  signal: string | null;
}

/** Error replies: a status code and one sentence. */
export interface ErrorReply {
  error: string;
}

/** One sample of the server on the box. */
export interface StreamSample {
  type: 'sample';
  /** 0, 1, 2, ... in the order taken. */
  seq: number;
  /** Box epoch ms when it was taken. */
  atMs: number;
  connections: number | null;
  rssBytes: number;
  heapUsedBytes: number | null;
  /** % of one core since the previous sample. */
  cpuPercent: number;
  /** CPU time of the sampled processes since each started, in ms; absent from an older agent. */
  cpuTimeMs?: number | null;
  /** Processes summed; absent from an older agent. */
  processes?: number | null;
}

/** One line of GET /v1/servers/:id/samples. */
export type StreamLine =
  | StreamSample
  /** Sent every second so the workstation can tell a quiet agent from a lost one. */
  | { type: 'heartbeat'; atMs: number }
  /** The server is gone; `expected` is false when it ended before anyone asked it to stop. */
  | { type: 'exit'; code: number | null; signal: string | null; expected: boolean; reason: string };
