/** Processes as Linux's /proc/<pid>/stat describes them: the one reader of that file in bench. */
import { readdirSync, readFileSync } from 'node:fs';

/** The fields bench reads of one process. */
export interface ProcStat {
  pid: number;
  /** R, S, D, Z (zombie), ... */
  state: string;
  ppid: number;
  /** Its process group. */
  pgrp: number;
  /** The command name the kernel keeps (comm: at most 15 characters, e.g. node, sh, npm). */
  command: string;
}

/**
 * The fields of a stat line after the command name, which may hold spaces and parentheses, so they
 * start after its last ')': state, ppid, pgrp, session, ... (utime and stime are 11 and 12, cutime
 * and cstime 13 and 14).
 */
export function statFieldsAfterName(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function parseProcStat(pid: number, text: string): ProcStat {
  const fields = statFieldsAfterName(text);
  const command = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
  return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]), command };
}

/** One process's stat, or null when it is gone. */
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every live process; empty where /proc cannot be read. */
export function listProcStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    // Null when it ended between the listing and the read.
    const stat = readProcStat(Number(entry));
    if (stat !== null) stats.push(stat);
  }
  return stats;
}

/** True while a process with this PID exists (a zombie counts as ended). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else; readable in /proc all the same.
    if (!(error && typeof error === 'object' && 'code' in error && error.code === 'EPERM')) return false;
  }
  return readProcStat(pid)?.state !== 'Z';
}
