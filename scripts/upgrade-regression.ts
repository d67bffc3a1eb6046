/**
 * A documented regression reproduced with `--stack` specs and judged by `bench compare`, the way an
 * upgrade check in CI would judge it. Not part of `npm test`: it installs two socket.io releases
 * and takes minutes. Run it after `npm run build`:
 *
 *   npm run upgrade-regression -- [--before socket.io@2.3.0] [--after socket.io@2.4.0] [--clients 2000] [--out DIR]
 *
 * socket.io 2.4.0 (engine.io 3.5.0) turned per-message deflate off by default: "disable
 * perMessageDeflate by default" in engine.io's History.md, after socketio/socket.io#3477 and
 * socketio/engine.io#559; the cost is the story of socketio/socket.io#2251 (a zlib context held
 * per connection). Read the other way, the release before it holds several times the memory per
 * connection of the release after, for an app that sets nothing: `--per-message-deflate library`
 * (no option passed; both libraries' clients offer deflate) with messages above its 1 KiB
 * threshold. The script judges `before` as the current side against `after` as the baseline
 * (exit 1 expected, on server memory), then an A/A pair of `after` against itself in two sweeps
 * (exit 0 expected).
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
    before: { type: 'string', default: 'socket.io@2.3.0' },
    after: { type: 'string', default: 'socket.io@2.4.0' },
    clients: { type: 'string', default: '2000' },
    repeat: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'bench-upgrade-regression-'));
const workload = [
  '--transports',
  'socketio',
  '--clients',
  values.clients,
  '--repeat',
  values.repeat,
  '--per-message-deflate',
  'library',
  '--payload-bytes',
  '2048',
  '--concurrency',
  '50',
  '--hold',
  '2',
  '--quiet',
  '--json',
];

function bench(args: string[]): { status: number; stdout: string; stderr: string } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stderr.write(`bench ${args.slice(0, 6).join(' ')} ...: exit ${result.status ?? -1} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** One sweep over `stacks`; returns its folder. */
function sweep(name: string, stacks: string): string {
  const { status, stdout, stderr } = bench(['sweep', ...workload, '--stacks', stacks, '--out', path.join(out, name)]);
  if (status !== 0 && status !== 1) throw new Error(`sweep ${name} exited ${status}: ${stderr.trim().split('\n').at(-1) ?? ''}`);
  return (JSON.parse(stdout) as { resultsDir: string }).resultsDir;
}

/** A side's estimate of a figure, as compare --json gives it. */
interface Estimate {
  median: number;
}

/** The exit code of one comparison and what it said of server memory per connection. */
function compare(args: string[]): { status: number; memory: string } {
  const { status, stdout } = bench(['compare', ...args, '--json']);
  const report = JSON.parse(stdout) as {
    cells: Array<{ figures: Array<{ figure: string; verdict: string; baseline: Estimate | null; current: Estimate | null }> }>;
  };
  const figure = report.cells[0]?.figures.find((entry) => entry.figure === 'server.bytesPerConnection');
  const kib = (estimate: Estimate | null | undefined): string => (estimate == null ? 'n/a' : `${(estimate.median / 1024).toFixed(1)} KiB`);
  return { status, memory: `${kib(figure?.baseline)} -> ${kib(figure?.current)} (${figure?.verdict ?? 'absent'})` };
}

// The two releases side by side in one sweep, alternating, then judged across the stacks.
const pair = sweep('pair', `${values.after},${values.before}`);
const regression = compare([pair, '--across-stacks', `${values.after},${values.before}`]);
// A/A: the same release in two sweeps; any exit 1 would be a false alarm.
const again = sweep('again', values.after);
const aa = compare([pair, again, '--across-stacks', `${values.after},${values.after}`]);
process.stdout.write(
  [
    `${values.before} judged against ${values.after}: exit ${regression.status} (1 expected), server memory per connection ${regression.memory}`,
    `A/A, ${values.after} against itself in two sweeps: exit ${aa.status} (0 expected), server memory per connection ${aa.memory}`,
    `files: ${out}`,
  ].join('\n') + '\n',
);
