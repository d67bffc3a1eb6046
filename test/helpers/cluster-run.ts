/** Runs bench with a marker in its children's environment, to prove afterwards that none of the topology's processes survived. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';
import { freshDir, onlyRunDir, readJson, runCli } from './cli.js';

/** PIDs of processes whose environment holds BENCH_TEST_MARKER=<marker>. */
export function markedProcesses(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`BENCH_TEST_MARKER=${marker}`)) found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** How long a process bench killed as it exited may take to be gone: SIGKILL is delivered, not awaited, and a loaded machine schedules the dying late. */
const DYING_GRACE_MS = 2000;

/**
 * The marked processes still there once bench has exited, each as "pid command line". A process
 * bench signalled just before it exited (a group's last member, a watchdog reading its pipe's end)
 * is given DYING_GRACE_MS to go; one that outlives bench on its own (a `sleep 300`) is still there.
 */
export async function processesLeft(marker: string): Promise<string[]> {
  const deadline = Date.now() + DYING_GRACE_MS;
  while (markedProcesses(marker).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return markedProcesses(marker).map((pid) => `${pid} ${commandLine(pid)}`);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '(gone)';
  }
}

/** Runs bench with a fresh marker; returns the result, the run folder's summary and what is left running. */
export async function runMarked(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cwd = freshDir();
  const marker = path.basename(cwd);
  const result = await runCli(['run', '--quiet', ...args], { cwd, env: { ...env, BENCH_TEST_MARKER: marker }, timeoutMs: 90_000 });
  return { result, cwd, left: await processesLeft(marker) };
}

export function summaryOf(cwd: string): { dir: string; summary: RunSummary } {
  const dir = onlyRunDir(path.join(cwd, 'results'));
  return { dir, summary: readJson<{ summary: RunSummary }>(path.join(dir, 'run.json')).summary };
}
