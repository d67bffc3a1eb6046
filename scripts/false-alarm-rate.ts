/**
 * How often does `bench compare` cry wolf, and does it catch what it should? Not part of `npm test`:
 * it takes minutes and its figures depend on the machine. Run it after `npm run build`:
 *
 *   npm run false-alarms -- [--pairs 20] [--repeat-pairs 10] [--clients 300] [--hold 2] [--run-flags='--concurrency 50'] [--out DIR]
 *
 * Single-run A/A: two runs of the same cell, then `bench compare`; any exit 1 is a false alarm.
 * 3-run A/A: the same with `--repeat 3` a side. Detection: each 3-run baseline against a 3-run side
 * with `--inject-delay-ms 20`, and one with `--inject-retain-kb 256`; exit 1 is a catch.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../bench/project-root.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '20' },
    'repeat-pairs': { type: 'string', default: '10' },
    clients: { type: 'string', default: '300' },
    hold: { type: 'string', default: '2' },
    transport: { type: 'string', default: 'ws' },
    /** More bench run flags for every run, e.g. '--concurrency 50'. */
    'run-flags': { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'bench-false-alarms-'));
const extraFlags = values['run-flags'].split(/\s+/).filter((flag) => flag !== '');
const cell = ['--transport', values.transport, '--clients', values.clients, '--hold', values.hold, ...extraFlags, '--quiet'];

/** Runs the CLI; returns its exit code and stdout. */
function bench(args: string[]): { status: number; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? -1, stdout: result.stdout };
}

/** One side: a run (or --repeat 3 runs) of the cell; returns its folder, or null when the run left none. */
function measure(name: string, extra: string[]): string | null {
  const { status, stdout } = bench(['run', ...cell, ...extra, '--json', '--out', path.join(out, name)]);
  if (status !== 0) process.stderr.write(`  ${name}: run exited ${status}\n`);
  const parsed = (stdout.trim() === '' ? {} : JSON.parse(stdout)) as { resultsDir?: string };
  return parsed.resultsDir ?? null;
}

/** `bench compare` of two sides; returns the exit code and the figures it called regressions. */
function compare(baseline: string | null, current: string | null): { status: number; regressions: string[] } {
  if (baseline === null || current === null) return { status: -1, regressions: ['(a side left no results)'] };
  const { status, stdout } = bench(['compare', baseline, current, '--json']);
  const report = JSON.parse(stdout) as { cells?: Array<{ figures: Array<{ figure: string; verdict: string }> }> };
  const regressions = (report.cells ?? []).flatMap((c) => c.figures.filter((f) => f.verdict === 'regression').map((f) => f.figure));
  return { status, regressions };
}

function tally(label: string, statuses: number[], wanted: number): void {
  const hits = statuses.filter((status) => status === wanted).length;
  const byCode = [...new Set(statuses)]
    .sort()
    .map((code) => `${statuses.filter((s) => s === code).length} x exit ${code}`)
    .join(', ');
  process.stdout.write(`${label}: ${hits} of ${statuses.length} (${((100 * hits) / statuses.length).toFixed(0)}%)  [${byCode}]\n`);
}

const single: number[] = [];
for (let pair = 0; pair < Number(values.pairs); pair += 1) {
  const result = compare(measure(`single-${pair}-a`, []), measure(`single-${pair}-b`, []));
  single.push(result.status);
  process.stderr.write(`single-run pair ${pair + 1}: exit ${result.status} ${result.regressions.join(' ')}\n`);
}
const repeated: number[] = [];
const delay: number[] = [];
const retain: number[] = [];
for (let pair = 0; pair < Number(values['repeat-pairs']); pair += 1) {
  const baseline = measure(`repeat-${pair}-a`, ['--repeat', '3']);
  const aa = compare(baseline, measure(`repeat-${pair}-b`, ['--repeat', '3']));
  const delayed = compare(baseline, measure(`repeat-${pair}-delay`, ['--repeat', '3', '--inject-delay-ms', '20']));
  const retained = compare(baseline, measure(`repeat-${pair}-retain`, ['--repeat', '3', '--inject-retain-kb', '256']));
  repeated.push(aa.status);
  delay.push(delayed.status);
  retain.push(retained.status);
  process.stderr.write(
    `3-run pair ${pair + 1}: A/A exit ${aa.status} ${aa.regressions.join(' ')}; delay exit ${delayed.status}; retain exit ${retained.status}\n`,
  );
}
process.stdout.write(
  `bench compare on ${os.cpus().length} cores, ${values.transport} x ${values.clients} clients, hold ${values.hold} s${extraFlags.length > 0 ? `, ${extraFlags.join(' ')}` : ''}; results in ${out}\n`,
);
tally('false alarms, single-run A/A pairs', single, 1);
tally('false alarms, 3-run A/A pairs', repeated, 1);
tally('caught, --inject-delay-ms 20 (3 runs)', delay, 1);
tally('caught, --inject-retain-kb 256 (3 runs)', retain, 1);
