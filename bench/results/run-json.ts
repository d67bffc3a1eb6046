/**
 * run.json: the one type the engine writes and every reader reads, and the reader that checks it.
 * Written twice: when the run starts (status running) and when it ends (its summary added).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { RunConfig } from '../config/run-config.js';
import type { Environment } from '../run/environment.js';
import type { LoadGeneratorHealth, RunStatus, RunSummary } from '../summary/run-summary-types.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type { StackName } from '../../protocol/stacks.js';

/** Version of run.json's layout; readers refuse files of another version. */
export const RUN_SCHEMA_VERSION = 1;

/** The server bench started as a child process on this machine. */
export interface LocalServerDescription {
  remote: false;
  pid: number;
  url: string;
  /** --server-cmd: the command bench ran (through sh -c); absent for bench's own server. */
  command?: string;
  /** --server-cmd, --server-pid: every sample summed the process tree under `pid` (server-processes.csv has each process). */
  sampled?: 'process-tree';
  /** --server-pid: false, the server ran before the run and was left running; absent otherwise. */
  startedByBench?: boolean;
}

/** The server a bench agent started on a target box (--agent). */
export interface RemoteServerDescription {
  remote: true;
  agentUrl: string;
  url: string;
  /** PID on the box. */
  pid: number;
  /** Open-file limit the agent gave the server; null when it left the limit alone. */
  fileLimit: number | null;
  /** Box clock minus ours, in ms, as estimated at start. */
  clockOffsetMs: number;
  /** Round trip of the best clock probe, in ms. */
  roundTripMs: number;
  clockRounds: number;
  /** The box's own environment: its packages, CPU and memory. */
  environment: Environment;
  /** Why the agent could not be asked to stop the server, or null. */
  stopProblem: string | null;
  /** --agent-server: the command the agent declared under this name ran instead of an echo server; absent otherwise. */
  agentServer?: string;
  /** --agent-server: every sample summed the command's process tree on the box. */
  sampled?: 'process-tree';
}

/** The server shard 0 of a run started through an agent, as another shard of that run found it there. */
export interface JoinedServerDescription {
  remote: true;
  joined: true;
  agentUrl: string;
  url: string;
}

/** Where the measured server ran, recorded under `server`; null in run.json when bench started none (--target). */
export type ServerDescription = LocalServerDescription | RemoteServerDescription | JoinedServerDescription;

/** A run that is one shard of several load generators (bench run --shard). Times ISO 8601, by this shard's clock. */
export interface ShardRecord {
  index: number;
  count: number;
  /** The common start asked for (--start-at), or null. */
  startAt: string | null;
  /** When this shard's ramp began; null when it never did. */
  rampStartedAt: string | null;
}

/** One shard as bench merge found it: where it came from and what its own load generator saw. */
export interface MergedShard extends ShardRecord {
  /** The shard's run folder, as given to bench merge. */
  source: string;
  runId: string;
  status: RunStatus;
  reason: string | null;
  clients: number;
  connected: number;
  loadGenerator: LoadGeneratorHealth;
  /** The shard's environment: its host, Node, CPU. */
  environment: Partial<Environment>;
}

/** What both versions of run.json begin with. */
export interface RunJsonHead {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  kind: 'run';
  runId: string;
  /** ISO 8601 time. */
  startedAt: string;
  config: RunConfig;
  environment: Environment;
  preflightNotices: string[];
}

/** run.json while the run is in progress (or after the process was killed). */
export interface RunningRunJson extends RunJsonHead {
  status: 'running';
}

/** The libraries a run's processes loaded: each read from the package.json of the module it imported. */
export interface RunLibraries {
  stack: StackName;
  /** What the server process loaded; null when bench started no server (--target) or it never listened. */
  server: LoadedLibrary[] | null;
  /** What the client workers loaded (every worker loads the same); null when no worker reported. */
  clients: LoadedLibrary[] | null;
}

/** run.json of a run that ended, however it ended. */
export interface FinishedRunJson extends RunJsonHead {
  /** ISO 8601 time. */
  finishedAt: string;
  status: RunStatus;
  server: ServerDescription | null;
  /** Absent in files written before it existed. */
  libraries?: RunLibraries;
  summary: RunSummary;
  /** Set when this run is one shard of several (bench run --shard); absent or null otherwise. */
  shard?: ShardRecord | null;
  /** Set on the run bench merge wrote: the shards it was merged from, by index. */
  mergedFrom?: MergedShard[];
}

/** The whole of run.json, told apart by `status`. */
export type RunJson = RunningRunJson | FinishedRunJson;

/** What the engine adds to the head: the status, and when finished the server and summary. */
export type RunJsonEnd = Omit<RunningRunJson, keyof RunJsonHead> | Omit<FinishedRunJson, keyof RunJsonHead>;

/**
 * A finished run.json as read back. Only the schema version and the summary are checked: a file
 * from a hand-made fixture or an older bench may lack any other section, so readers of config,
 * environment and server treat each field as optional.
 */
export type StoredRunJson = Pick<FinishedRunJson, 'schemaVersion' | 'summary'> & {
  [Key in Exclude<keyof FinishedRunJson, 'schemaVersion' | 'summary'>]?: Partial<FinishedRunJson[Key]>;
};

/** The text of a file parsed as JSON; ConfigError names the file when it cannot be read or parsed. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError(`${file} is not JSON; give a run folder, a sweep folder or a run.json file`);
  }
}

/** True when a parsed JSON value is a run.json (it has a summary or says kind run) rather than a bare summary. */
export function isRunJson(value: object): boolean {
  return 'summary' in value || (value as { kind?: unknown }).kind === 'run';
}
