/**
 * The user's own server (--server-cmd): a shell command bench starts in its own process group,
 * with PORT and HOST in its environment, its output in the run folder's server.log. Ready once the
 * URL answers the transport's handshake; sampled as a whole process tree, like bench's own server
 * by PID; stopped with SIGTERM to the group, then SIGKILL after a grace, leaving nothing running.
 */
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { epochNowMs } from '../../protocol/epoch-clock.js';
import { ComponentError } from '../errors.js';
import { runFilePath, SERVER_LOG } from '../results/run-folder.js';
import { probeHandshake, type ProbeTarget } from './handshake-probe.js';
import type { MeasuredServer, RestartableServer, ServerStartContext } from './measured-server.js';
import { logTail, signalGroup, spawnGroupLeader, type GroupExit } from './process-groups.js';
import { processTreeOf } from './process-tree.js';
import { processIsAlive } from './proc-stat.js';
import { openServerProcessesCsv, startTreeSampler } from './tree-sampler.js';

const PROBE_INTERVAL_MS = 100;
const GONE_POLL_MS = 25;
/** How long a SIGKILLed tree may take to be gone. */
const KILL_WAIT_MS = 2000;
const LOG_LINES_SHOWN = 5;

/** The user's server would not start or ended: exit 1, a failure of what was measured, with the last lines of its log. */
export class UserServerError extends ComponentError {}

/** What bench needs to run the user's command. */
export interface UserServerPlan {
  command: string;
  /** How messages name it; absent: "the server command (--server-cmd)" (an agent names its declared ones). */
  label?: string;
  /** Where it listens: the URL of --server-url, or the transport's URL on HOST:PORT. */
  probe: ProbeTarget;
  host: string;
  port: number;
  /** SIGTERM to SIGKILL, in ms. */
  stopGraceMs: number;
  /** Open files the command may hold (the preflight's, as bench's own server gets); null or absent: its inherited limit. */
  fileLimit?: number | null;
}

function labelOf(plan: UserServerPlan): string {
  return plan.label ?? 'the server command (--server-cmd)';
}

type Exit = GroupExit;

/** "exited with code 1", "was killed by SIGKILL". */
export function describeExit(exit: Exit): string {
  return exit.signal ? `was killed by ${exit.signal}` : exit.code === null ? 'could not be started' : `exited with code ${exit.code}`;
}

/** One start of the command. */
export class CommandProcess {
  stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly exited: Promise<Exit>,
    readonly logPath: string,
  ) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Starts the command and resolves once it answers; on failure nothing of it is left running. */
  static async launch(plan: UserServerPlan, logPath: string, startTimeoutMs: number): Promise<CommandProcess> {
    const started = CommandProcess.spawn(plan, logPath);
    try {
      await started.waitUntilReady(plan, startTimeoutMs);
    } catch (error) {
      await started.stop(plan.stopGraceMs);
      throw error;
    }
    return started;
  }

  private static spawn(plan: UserServerPlan, logPath: string): CommandProcess {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(plan.port), HOST: plan.host };
    // The agent's token stays in bench's process, as with its own servers and workers.
    delete env.BENCH_AGENT_TOKEN;
    // The open-file limit the clients need, raised as for bench's own server (up to the hard limit where it cannot go higher).
    const limit =
      plan.fileLimit === null || plan.fileLimit === undefined
        ? ''
        : `ulimit -Hn ${Math.trunc(plan.fileLimit)} 2>/dev/null; ulimit -n ${Math.trunc(plan.fileLimit)} 2>/dev/null; `;
    // The leader of its own group, so that a signal to the group reaches every process it starts.
    const { child, exited } = spawnGroupLeader('sh', ['-c', `${limit}${plan.command}`], logPath, { env });
    return new CommandProcess(child, exited, logPath);
  }

  /** Resolves once the URL answers the handshake; throws if the command ends first or the time runs out. */
  private async waitUntilReady(plan: UserServerPlan, timeoutMs: number): Promise<void> {
    let exit: Exit | null = null;
    void this.exited.then((value) => (exit = value));
    const deadline = performance.now() + timeoutMs;
    let lastReason = 'no probe finished';
    for (;;) {
      if (exit !== null) throw new UserServerError(`${labelOf(plan)} ${describeExit(exit)} before it answered at ${plan.probe.url}${this.tail()}`);
      const probe = await probeHandshake(plan.probe);
      if (probe.ready) return;
      lastReason = probe.reason;
      if (performance.now() > deadline)
        throw new UserServerError(
          `${labelOf(plan)} did not answer a ${plan.probe.transport} handshake within ${timeoutMs / 1000} s (--server-start-timeout): ${lastReason}${this.tail()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
  }

  tail(): string {
    return logTail(this.logPath, LOG_LINES_SHOWN);
  }

  /** SIGKILL to the group and to every process of its tree (one that left the group too); resolves when they are gone. */
  async kill(): Promise<void> {
    this.stopping = true;
    const tree = this.members();
    killAll(this.pid, tree);
    await this.exited;
    await waitUntilGone(tree, KILL_WAIT_MS);
  }

  /**
   * SIGTERM to the group, then SIGKILL to what is left after the grace. The grace is the whole
   * tree's, not the root's: a shell dies of SIGTERM at once while the node under it closes its
   * connections, and that node must not be killed for it.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const tree = this.members();
    signalGroup(this.pid, 'SIGTERM');
    await waitUntilGone(tree, graceMs);
    // A process that left the group (setsid) or outlived its parent still belongs to the server.
    killAll(this.pid, tree);
    await this.exited;
    await waitUntilGone(tree, KILL_WAIT_MS);
  }

  /** The root, its descendants and its group now. */
  private members(): number[] {
    return processTreeOf(this.pid).map((member) => member.pid);
  }
}

function killAll(groupId: number, pids: readonly number[]): void {
  signalGroup(groupId, 'SIGKILL');
  for (const pid of pids) {
    if (pid <= 0) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Polls until none of `pids` is alive (a zombie counts as gone), or `timeoutMs` passed. */
async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const alive = pids.some(processIsAlive);
    if (!alive || performance.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, GONE_POLL_MS));
  }
}

/** Starts the command, waits until it answers, and samples its process tree; on failure nothing is left running. */
export async function startUserServer(plan: UserServerPlan, context: ServerStartContext): Promise<MeasuredServer> {
  if (context.runDir === undefined) throw new Error("the user's server needs the run folder for server.log");
  const logPath = runFilePath(context.runDir, SERVER_LOG);
  const processes = openServerProcessesCsv(context.runDir);
  const launch = (): Promise<CommandProcess> => CommandProcess.launch(plan, logPath, context.startTimeoutMs);
  let server: CommandProcess;
  try {
    server = await launch();
  } catch (error) {
    await processes.close();
    throw error;
  }
  let endUnexpectedly: (reason: string) => void = () => undefined;
  const unexpectedEnd = new Promise<string>((resolve) => (endUnexpectedly = resolve));
  const watch = (watched: CommandProcess): void => {
    void watched.exited.then((exit) => {
      if (!watched.stopping) endUnexpectedly(`${labelOf(plan)} ${describeExit(exit)} during ${context.phase()}${watched.tail()}`);
    });
  };
  watch(server);
  const tree = await startTreeSampler(() => server.pid, processes, context);
  const restartable: RestartableServer = {
    async restart() {
      const old = server;
      const killedAtEpochMs = epochNowMs();
      await old.kill();
      const next = await launch().catch((error: unknown) => {
        endUnexpectedly(`${labelOf(plan)} could not be started again after --restart-server-at: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (next === null) return { killedAtEpochMs, listeningAtEpochMs: null, oldPid: old.pid, newPid: null };
      server = next;
      watch(next);
      return { killedAtEpochMs, listeningAtEpochMs: epochNowMs(), oldPid: old.pid, newPid: next.pid };
    },
  };
  return {
    url: plan.probe.url,
    sampler: tree.sampler,
    unexpectedEnd,
    collectGarbage: () => Promise.resolve(),
    async stop() {
      await tree.close();
      await server.stop(plan.stopGraceMs);
    },
    describe: () => ({ remote: false, pid: server.pid, url: plan.probe.url, command: plan.command, sampled: 'process-tree' }),
    libraries: () => [],
    restartable,
    counters: null,
    topology: null,
  };
}
