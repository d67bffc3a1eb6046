/**
 * The processes of a server bench did not write (--server-cmd, --server-pid): the process it
 * names and every descendant (an `npm start` that runs node, a node:cluster primary and its
 * workers), plus the members of its process group when it leads one, which catches a child whose
 * parent has already exited. Read from Linux's /proc at each sample, since workers come and go.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listProcStats, type ProcStat } from './proc-stat.js';

/** One process of a tree: its place in it and the name of what it runs. */
export interface TreeProcess {
  pid: number;
  ppid: number;
  /** Its executable's name (argv[0] without its folder: node, sh, npm); the kernel's name where argv cannot be read. */
  command: string;
}

/**
 * The name of what a process runs, from its argv[0]: the kernel's name (comm) is the main thread's,
 * which Node 24 renames MainThread, so it cannot tell a node from anything else.
 */
function commandOf(stat: ProcStat): string {
  try {
    const argv0 = readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    if (argv0.length > 0) return path.basename(argv0);
  } catch {
    // Gone, or not ours to read.
  }
  return stat.command;
}

/** The root and its live descendants, root first, then in PID order; zombies left out. Just the root where /proc cannot be read. */
export function processTreeOf(rootPid: number, stats: readonly ProcStat[] = listProcStats(), nameOf: (stat: ProcStat) => string = commandOf): TreeProcess[] {
  const live = stats.filter((stat) => stat.state !== 'Z');
  const children = new Map<number, ProcStat[]>();
  for (const stat of live) {
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat);
    children.set(stat.ppid, siblings);
  }
  const root = live.find((stat) => stat.pid === rootPid);
  if (root === undefined) return stats.length === 0 ? [{ pid: rootPid, ppid: 0, command: '' }] : [];
  const found = new Map<number, ProcStat>([[root.pid, root]]);
  const queue: ProcStat[] = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next.pid) ?? []) {
      if (found.has(child.pid)) continue;
      found.set(child.pid, child);
      queue.push(child);
    }
  }
  for (const stat of live) if (stat.pgrp === rootPid && !found.has(stat.pid)) found.set(stat.pid, stat);
  const rest = [...found.values()].filter((stat) => stat.pid !== rootPid).sort((a, b) => a.pid - b.pid);
  return [root, ...rest].map((stat) => ({ pid: stat.pid, ppid: stat.ppid, command: nameOf(stat) }));
}
