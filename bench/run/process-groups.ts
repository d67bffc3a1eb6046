/**
 * Process groups bench started and must leave nothing of: a component (redis-server, nginx), a
 * user's server command. Each runs as the leader of its own group, so one signal reaches its
 * workers too, and every group still owned is killed when bench exits, however it exits: on a
 * normal exit by the exit hook, on SIGKILL (no hook runs) by the group's watchdog.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

const owned = new Set<number>();
let exitHookInstalled = false;

/** Sends `signal` to every process of the group led by `pid`; a group already gone is no error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  // A spawn that failed has no pid (-1 stands in): -(-1) would signal PID 1.
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

const GROUP_POLL_MS = 200;

/** True while any process of the group led by `pid` is alive (zombies too: they are gone at the next reap). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Registers a group bench started: it is killed when bench exits, unless released first. */
export function ownGroup(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' runs on process.exit and on an uncaught exception: the last chance to leave nothing behind.
    process.on('exit', () => {
      for (const group of owned) signalGroup(group, 'SIGKILL');
    });
  }
  owned.add(pid);
}

/** The group has ended: nothing to kill at exit. */
export function releaseGroup(pid: number): void {
  owned.delete(pid);
}

/** The last `count` non-blank lines of a log, formatted to end an error message ("; the last lines of <log>: ..."). */
export function logTail(logPath: string, count: number): string {
  let lines: string[] = [];
  try {
    lines = readFileSync(logPath, 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0);
  } catch {
    // No log yet.
  }
  return lines.length === 0 ? `; its log ${logPath} is empty` : `; the last lines of ${logPath}:\n  ${lines.slice(-count).join('\n  ')}`;
}

/** How a group's leader ended. */
export interface GroupExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The watchdog of one group: a shell in its own session that reads its stdin, a pipe from bench,
 * and kills the group when that read returns. Nothing is ever written to the pipe, so the read
 * returns only at its end-of-file, when bench is gone, however it went (SIGKILL included): the
 * kernel closes a dead process's end of every pipe. A detached group is no child of bench's own
 * group, so nothing else reaches it. Bench kills the watchdog once the group has ended.
 */
function watchGroup(pid: number): ChildProcess | null {
  try {
    const watchdog = spawn('/bin/sh', ['-c', `read -r _; kill -9 -${pid} 2>/dev/null`], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    watchdog.on('error', () => undefined);
    watchdog.stdin?.on('error', () => undefined);
    // Neither the watchdog nor its pipe keeps bench alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return watchdog;
  } catch {
    // No shell: the exit hook still covers every exit but SIGKILL.
    return null;
  }
}

/**
 * Starts `file` as the leader of a new process group bench owns, its stdout and stderr appended to
 * `logPath`; `exited` resolves when the leader has ended (a spawn that fails, ENOENT or EACCES,
 * emits error and no exit: it resolves with neither code nor signal).
 */
export function spawnGroupLeader(
  file: string,
  args: readonly string[],
  logPath: string,
  options: Pick<SpawnOptions, 'cwd' | 'env'> = {},
): { child: ChildProcess; exited: Promise<GroupExit> } {
  const log = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(file, args, { ...options, detached: true, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid !== undefined) ownGroup(pid);
  const watchdog = pid === undefined ? null : watchGroup(pid);
  // The group has ended only when its last member has: a shell leader dies of SIGTERM at once while
  // the node under it is still closing, and that node must stay owned (exit hook, watchdog) until it is gone.
  const ended = (): void => {
    if (pid === undefined) return;
    const release = (): void => {
      if (groupAlive(pid)) {
        setTimeout(release, GROUP_POLL_MS).unref();
        return;
      }
      releaseGroup(pid);
      watchdog?.kill('SIGKILL');
    };
    release();
  };
  const exited = new Promise<GroupExit>((resolve) => {
    child.once('exit', (code, signal) => {
      ended();
      resolve({ code, signal });
    });
    child.once('error', () => {
      ended();
      resolve({ code: null, signal: null });
    });
  });
  return { child, exited };
}
