/** The committed fixture results the report tests read, and a way to report on them. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, freshDir, runCli } from './cli.js';

/** The only entry of a folder (fixture folders hold one run or sweep each, named by its id). */
export function onlyEntry(dir: string): string {
  const entries = readdirSync(dir);
  if (entries.length !== 1) throw new Error(`expected one entry in ${dir}, found ${entries.join(', ')}`);
  return path.join(dir, entries[0] as string);
}

/** A sweep of ws and socketio at 100 and 200 clients, one repeat, made by bench sweep. */
export const SWEEP_FIXTURE = onlyEntry(path.join(FIXTURES, 'runs', 'sweep'));
/** One ws run of 100 clients whose label is a script tag. */
export const RUN_FIXTURE = onlyEntry(path.join(FIXTURES, 'runs', 'single-run'));
export const SCRIPT_LABEL = '<script>alert(1)</script>';
/**
 * A folder of ten runs of 30 clients (README.md says how they were made): broadcast on one server
 * and on two (ws relay, socketio redis and redis-streams), a Redis kill and restart, a node kill,
 * a reconnect storm on one server and an idle run.
 */
export const TOPOLOGY_FIXTURE = path.join(FIXTURES, 'runs', 'topology');

/** What `bench report --json` prints. */
export interface ReportOutput {
  report: string;
  reportDir: string;
  charts: string[];
}

/** Runs `bench report` on a fixture into a fresh folder; the report folder is absolute. */
export async function reportOf(fixture: string): Promise<{ dir: string; output: ReportOutput; stderr: string }> {
  const cwd = freshDir();
  const result = await runCli(['report', fixture, '--out', 'out', '--json'], { cwd, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`bench report exited ${result.code}: ${result.stderr}`);
  const output = JSON.parse(result.stdout) as ReportOutput;
  return { dir: path.join(cwd, output.reportDir), output, stderr: result.stderr };
}
