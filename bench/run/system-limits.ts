/** Reads the limits that decide how many connections a process can hold (Linux /proc). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Soft and hard limit on open files; null where the platform does not say. */
export interface FileLimit {
  soft: number;
  hard: number;
}

function parseLimit(raw: string): number {
  return raw === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(raw);
}

/** The open-file limit of this process. */
export function readFileLimit(): FileLimit | null {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const line = limits.split('\n').find((entry) => entry.startsWith('Max open files'));
    const match = line ? /Max open files\s+(\S+)\s+(\S+)/.exec(line) : null;
    if (!match) return null;
    return { soft: parseLimit(match[1] as string), hard: parseLimit(match[2] as string) };
  } catch {
    return null;
  }
}

/** The ephemeral port range the kernel picks client ports from. */
export function readEphemeralPortRange(): { low: number; high: number } | null {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low === undefined || high === undefined || Number.isNaN(low) || Number.isNaN(high)) return null;
    return { low, high };
  } catch {
    return null;
  }
}

/** The most open files the kernel lets a privileged process ask for. */
export function readNrOpen(): number | null {
  try {
    return Number(readFileSync('/proc/sys/fs/nr_open', 'utf8').trim());
  } catch {
    return null;
  }
}

/** True when this process may raise its hard open-file limit to `limit` (root with CAP_SYS_RESOURCE). */
export function canRaiseHardLimit(limit: number): boolean {
  const probe = spawnSync('/bin/sh', ['-c', `ulimit -Hn ${limit}`], { stdio: 'ignore', timeout: 2000 });
  return probe.status === 0;
}

/** Everything preflight checks a run against; a test passes its own. */
export interface SystemLimits {
  fileLimit: FileLimit | null;
  /** The kernel's ceiling on open files per process (fs.nr_open). */
  nrOpen: number | null;
  ephemeralPorts: { low: number; high: number } | null;
  canRaiseHardLimit(limit: number): boolean;
}

/** The limits of this machine and process. */
export function readSystemLimits(): SystemLimits {
  return { fileLimit: readFileLimit(), nrOpen: readNrOpen(), ephemeralPorts: readEphemeralPortRange(), canRaiseHardLimit };
}
