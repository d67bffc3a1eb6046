/** Finds and checks processes by PID, to prove bench leaves none behind. */
import { readFileSync } from 'node:fs';
import { listProcStats, readProcStat } from '../../bench/run/proc-stat.js';

/** PIDs whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  return listProcStats()
    .filter((stat) => stat.ppid === pid)
    .map((stat) => stat.pid);
}

/** The command line of a process, or '' when it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** Waits until `predicate` holds, polling; throws after timeoutMs. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
