/**
 * What a command costs as a whole process tree on Linux: CPU seconds of every process in it, and
 * the peak of their summed RSS. The command runs under `sh`, which reads its own /proc stat after
 * the command exits: its cutime and cstime then hold the CPU of the command and of every
 * descendant that was waited for, exactly, with no sampling. RSS is sampled from /proc.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listProcStats, statFieldsAfterName } from '../bench/run/proc-stat.js';

export interface TreeUsage {
  cpuSeconds: number;
  peakRssBytes: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const SAMPLE_EVERY_MS = 50;
const STAT_MARKER = '@@tree-stat@@';

/** The children of every live process, by parent, from /proc. */
function parents(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of listProcStats()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  return children;
}

/** Summed RSS of every descendant of `root` (not `root` itself: that is the measuring shell). */
function treeRssBytes(root: number): number {
  const children = parents();
  let total = 0;
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
    } catch {
      // Gone already.
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs `command` with `args` and measures its process tree. */
export function measureProcessTree(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TreeUsage> {
  const script = `"$@"; code=$?; echo "${STAT_MARKER} $(cat /proc/$$/stat)" >&2; exit $code`;
  const child = spawn('sh', ['-c', script, 'sh', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakRssBytes = Math.max(peakRssBytes, treeRssBytes(child.pid));
  }, SAMPLE_EVERY_MS);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearInterval(sampler);
      const markerAt = stderr.lastIndexOf(STAT_MARKER);
      if (markerAt < 0) return reject(new Error(`${command} left no CPU figures: ${stderr.slice(-500)}`));
      const fields = statFieldsAfterName(stderr.slice(markerAt + STAT_MARKER.length + 1).trim());
      // Fields 16 and 17 of stat (cutime, cstime) are the 14th and 15th after the name.
      const cpuTicks = Number(fields[13]) + Number(fields[14]);
      resolve({ cpuSeconds: cpuTicks / CLOCK_TICKS, peakRssBytes, exitCode, stdout, stderr: stderr.slice(0, markerAt) });
    });
  });
}
