/**
 * Any external component of a topology (redis-server, PostgreSQL, nats-server, RabbitMQ, nginx, haproxy) as a child bench owns: the
 * binary looked up, its config written into the run folder, a free loopback port, a readiness
 * check, its output in <name>.log there, and a stop that leaves nothing running (SIGTERM to its
 * process group, then SIGKILL). Every live one is also killed when bench exits, however it exits.
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ComponentError } from '../errors.js';
import { logTail, signalGroup, spawnGroupLeader, type GroupExit } from '../run/process-groups.js';
import { listProcStats } from '../run/proc-stat.js';
import { processTreeOf } from '../run/process-tree.js';

/** What bench needs to know to run one kind of component. */
export interface ComponentSpec {
  /** Names the component in messages and its files: redis, nginx, haproxy. */
  name: string;
  /** The executable, looked up on PATH and in the sbin folders. */
  binary: string;
  /** The Debian package that installs it. */
  aptPackage: string;
  /** File name of its config in the run folder, e.g. redis.conf. */
  configFile: string;
  /** The config's text. */
  config: string;
  /** Arguments, given the config's absolute path. */
  args(configPath: string): string[];
  port: number;
  /** Creates what the component needs in the run folder before it starts (nginx's temp folders, PostgreSQL's cluster). */
  prepare?(runDir: string): void;
  /** Removes what it left in the run folder once the run is over for good (PostgreSQL's data folder). */
  cleanup?(runDir: string): void;
  /** Variables its process needs besides the environment bench inherited (RabbitMQ's folders and ports). */
  env?: Readonly<Record<string, string>>;
  /** How long it may take to answer; absent: the topology's bound for every component. */
  startTimeoutMs?: number;
  /** The signal of a graceful stop; absent: SIGTERM (PostgreSQL's SIGTERM waits for every client to leave: it takes SIGINT). */
  stopSignal?: NodeJS.Signals;
  /** One readiness probe: true once the component answers on its port. */
  answers(port: number): Promise<boolean>;
}

/** How a component process ended. */
export type ComponentExit = GroupExit;

const STOP_GRACE_MS = 3000;
const PROBE_INTERVAL_MS = 50;
const LOG_LINES_SHOWN = 5;

/** Debian keeps PostgreSQL's server binaries off PATH, one folder per major version: the newest first. */
function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  try {
    return readdirSync(root)
      .filter((version) => /^\d+$/.test(version))
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => path.join(root, version, 'bin'));
  } catch {
    return [];
  }
}

/** Folders searched besides PATH; BENCH_COMPONENT_DIRS replaces both (the tests' missing or broken binaries). */
function searchDirs(): string[] {
  const override = process.env.BENCH_COMPONENT_DIRS;
  if (override !== undefined) return override.split(':').filter((dir) => dir.length > 0);
  return [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin', ...postgresBinDirs()].filter((dir) => dir.length > 0);
}

/** Absolute path of `binary`, or null when it is not installed. */
export function findBinary(binary: string): string | null {
  for (const dir of searchDirs()) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

/** Refuses, before anything starts, a topology whose binaries are not installed: exit 1 with the apt-get line. */
export function requireBinaries(needed: Array<{ binary: string; aptPackage: string }>, why: string): void {
  const missing = needed.filter((entry) => findBinary(entry.binary) === null);
  if (missing.length === 0) return;
  const names = missing.map((entry) => entry.binary).join(' and ');
  const packages = [...new Set(missing.map((entry) => entry.aptPackage))].join(' ');
  throw new ComponentError(`${why} needs ${names}, which ${missing.length === 1 ? 'is' : 'are'} not installed; run: apt-get install -y ${packages}`);
}

/** A component that does not start: exit 1, with its last log lines. */
export class ComponentStartError extends ComponentError {}

/** One running component process. */
export class ExternalProcess {
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly exited: Promise<ComponentExit>,
    readonly spec: ComponentSpec,
    readonly logPath: string,
  ) {}

  /** The PID of the component's main process (nginx's master, redis-server, haproxy). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  get port(): number {
    return this.spec.port;
  }

  /** True once stop() or kill() was asked: an exit after that is expected. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  /**
   * Writes the config into `runDir`, starts the component in its own process group (so that its
   * workers are stopped with it) and resolves once it answers; on failure nothing is left running.
   */
  static async start(spec: ComponentSpec, runDir: string, startTimeoutMs: number): Promise<ExternalProcess> {
    const binary = findBinary(spec.binary);
    if (binary === null) requireBinaries([spec], `the ${spec.name} component`);
    const configPath = path.resolve(runDir, spec.configFile);
    spec.prepare?.(runDir);
    writeFileSync(configPath, spec.config);
    const logPath = path.resolve(runDir, `${spec.name}.log`);
    // Its own process group, so that its workers are stopped with it.
    const { child, exited } = spawnGroupLeader(binary as string, spec.args(configPath), logPath, {
      cwd: runDir,
      ...(spec.env === undefined ? {} : { env: { ...process.env, ...spec.env } }),
    });
    const component = new ExternalProcess(child, exited, spec, logPath);
    try {
      await component.waitUntilAnswering(spec.startTimeoutMs ?? startTimeoutMs);
    } catch (error) {
      await component.stop();
      throw error;
    }
    return component;
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const { name, binary } = this.spec;
    let exit: ComponentExit | null = null;
    void this.exited.then((value) => (exit = value));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exit !== null)
        throw new ComponentStartError(`${name} (${binary}) ${describeExit(exit)} before it answered on 127.0.0.1:${this.port}${this.logTail()}`);
      if (await this.spec.answers(this.port).catch(() => false)) return;
      if (Date.now() > deadline)
        throw new ComponentStartError(`${name} (${binary}) did not answer on 127.0.0.1:${this.port} within ${timeoutMs / 1000} s${this.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
  }

  /** The last lines of its log, formatted to end an error message. */
  logTail(): string {
    return logTail(this.logPath, LOG_LINES_SHOWN);
  }

  /** Writes a new config and sends `signal` to the main process, which reads it again (nginx: SIGHUP). */
  reload(config: string, signal: NodeJS.Signals): void {
    writeFileSync(path.resolve(path.dirname(this.logPath), this.spec.configFile), config);
    process.kill(this.pid, signal);
  }

  /** SIGKILL to the whole group and every descendant at once (a fault), resolving when the main process is gone. */
  async kill(): Promise<void> {
    this.stopping = true;
    killAll(this.pid);
    await this.exited;
  }

  /** The stop signal (SIGTERM) to the group, SIGKILL after a grace period; the group is killed either way, so no worker outlives its master. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      signalGroup(this.pid, this.spec.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => killAll(this.pid), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    killAll(this.pid);
  }
}

/**
 * SIGKILL to the group led by `pid` and to every descendant of its leader: PostgreSQL's backends
 * each start a session of their own, so the group alone would miss them.
 */
function killAll(pid: number): void {
  const tree = processTreeOf(pid, listProcStats(), (stat) => stat.command);
  signalGroup(pid, 'SIGKILL');
  for (const member of tree) {
    try {
      process.kill(member.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function describeExit(exit: ComponentExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : exit.code === null ? 'could not be started' : `exited with code ${exit.code}`;
}
