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

/** Runs bench with a fresh marker; returns the result, the run folder's summary and what is left running. */
export async function runMarked(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cwd = freshDir();
  const marker = path.basename(cwd);
  const result = await runCli(['run', '--quiet', ...args], { cwd, env: { ...env, BENCH_TEST_MARKER: marker }, timeoutMs: 90_000 });
  return { result, cwd, left: markedProcesses(marker) };
}

export function summaryOf(cwd: string): { dir: string; summary: RunSummary } {
  const dir = onlyRunDir(path.join(cwd, 'results'));
  return { dir, summary: readJson<{ summary: RunSummary }>(path.join(dir, 'run.json')).summary };
}
