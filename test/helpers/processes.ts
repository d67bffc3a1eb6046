/** Finds and checks processes by PID, to prove bench leaves none behind. */
import { readdirSync, readFileSync } from 'node:fs';
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

/** PIDs of the live processes in the process group `pgid` (Linux /proc). */
export function listProcessGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fifth field after the command's closing parenthesis: state ppid pgrp.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // Gone.
    }
  }
  return found;
}

/** PIDs of every process (Linux /proc). */
export function listProcesses(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}
