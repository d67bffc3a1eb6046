/**
 * What the load generator itself costs: CPU seconds and peak RSS of the whole `bench run` process
 * tree for one fixed workload against one `bench server`, so the figure can be tracked from change
 * to change. Not part of `npm test`: it takes a minute and its figures depend on the machine.
 *
 *   npm run footprint -- [--transport socketio] [--clients 2000] [--rate 400] [--hold 10] [--runs 3]
 *                        [--run-flags='--workers 1'] [--artillery /path/to/node_modules/.bin/artillery]
 *                        [--before /path/to/another/checkout/dist/bench/cli.js]
 *
 * The same work runs through bench's wire client too (--client wire, not for ws, whose library is
 * the wire), and through the bare client library (scripts/bare-load.ts): the library's floor, what
 * it costs with no harness around it.
 *
 * With --artillery the same work runs through Artillery 2 (each virtual user connects, sends one
 * message, waits for its echo and stays connected --hold seconds), alternating with bench, so the
 * two are measured side by side on one machine in one sitting. With --before another build of
 * bench (say, a worktree of the previous commit) runs the same work too, in the same rotation.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../bench/project-root.js';
import { median } from '../bench/stats/stats.js';
import { WORKER_NODE_FLAGS } from '../bench/run/worker-process.js';
import { measureProcessTree, type TreeUsage } from './process-tree-usage.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');

const { values } = parseArgs({
  options: {
    transport: { type: 'string', default: 'socketio' },
    clients: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '400' },
    hold: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    /** More bench run flags, e.g. '--workers 1'. */
    'run-flags': { type: 'string', default: '' },
    artillery: { type: 'string' },
    before: { type: 'string' },
  },
});
const runs = Number(values.runs);
// The Artillery scenario is Socket.IO's (its socketio engine): other transports would be a different workload.
if (values.artillery !== undefined && values.transport !== 'socketio') {
  process.stderr.write('footprint: --artillery runs the Socket.IO scenario only; drop it or use --transport socketio\n');
  process.exit(2);
}
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-footprint-'));
const extraFlags = values['run-flags'].split(/\s+/).filter((flag) => flag !== '');

/** Starts `bench server` and resolves with it and the URL it prints. */
async function startServer(): Promise<{ url: string; stop(): void }> {
  const server = spawn(process.execPath, [CLI, 'server', '--transport', values.transport], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  for await (const line of lines) {
    if (line.trim() !== '') return { url: line.trim(), stop: () => server.kill('SIGTERM') };
  }
  throw new Error('bench server exited before printing its URL');
}

/** An Artillery script with the same work: arrivals at --rate for --clients, one echo, then --hold seconds connected. */
function artilleryScript(url: string): string {
  const seconds = Number(values.clients) / Number(values.rate);
  const yaml = [
    'config:',
    `  target: "${url}"`,
    '  phases:',
    `    - duration: ${seconds}`,
    `      arrivalRate: ${values.rate}`,
    '  socketio:',
    '    transports: ["websocket"]',
    'scenarios:',
    '  - engine: socketio',
    '    flow:',
    '      - emit:',
    '          channel: "message"',
    '          data: "0:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    '          response:',
    '            channel: "message"',
    `      - think: ${values.hold}`,
  ].join('\n');
  const file = path.join(scratch, 'socketio.yml');
  writeFileSync(file, `${yaml}\n`);
  return file;
}

function describe(label: string, usage: TreeUsage): string {
  const status = usage.exitCode === 0 ? '' : `  (exit ${usage.exitCode}: ${usage.stderr.trim().split('\n').pop() ?? ''})`;
  return `${label.padEnd(13)} ${usage.cpuSeconds.toFixed(2).padStart(7)} CPU-s  ${(usage.peakRssBytes / 1048576).toFixed(0).padStart(5)} MiB peak tree RSS${status}`;
}

const server = await startServer();
const runArgs = (cli: string): string[] => [
  cli,
  'run',
  '--transport',
  values.transport,
  '--clients',
  values.clients,
  '--rate',
  values.rate,
  '--hold',
  values.hold,
  '--target',
  server.url,
  '--quiet',
  '--out',
  path.join(scratch, 'results'),
  ...extraFlags,
];
/** Each bench that runs the work: its name, its CLI, and its own flags. ws's library is already the wire, so it runs once. */
const benches: Array<[string, string, string[]]> = [
  ['bench', CLI, []],
  ...(values.transport === 'ws' ? [] : [['wire', CLI, ['--client', 'wire']] as [string, string, string[]]]),
  ...(values.before === undefined ? [] : [['before', values.before, []] as [string, string, string[]]]),
];
const script = values.artillery === undefined ? null : artilleryScript(server.url.replace(/^ws/, 'http'));
const measured: Record<string, TreeUsage[]> = { bench: [], wire: [], before: [], bare: [], artillery: [] };
// The bare library runs with a worker's node flags, so the two differ by the harness, not by V8's heap sizing.
const bareArgs = [
  ...WORKER_NODE_FLAGS,
  path.join(PROJECT_ROOT, 'dist', 'scripts', 'bare-load.js'),
  values.transport,
  server.url,
  values.clients,
  values.rate,
  values.hold,
];
try {
  for (let run = 1; run <= runs; run += 1) {
    for (const [tool, cli, flags] of benches) {
      const usage = await measureProcessTree(process.execPath, [...runArgs(cli), ...flags]);
      measured[tool]?.push(usage);
      process.stdout.write(`${describe(`${tool} #${run}`, usage)}\n`);
    }
    const bare = await measureProcessTree(process.execPath, bareArgs);
    measured.bare?.push(bare);
    process.stdout.write(`${describe(`bare #${run}`, bare)}\n`);
    if (script !== null && values.artillery !== undefined) {
      const env = { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' };
      const artillery = await measureProcessTree(values.artillery, ['run', '--quiet', script], env);
      measured.artillery?.push(artillery);
      process.stdout.write(`${describe(`artillery #${run}`, artillery)}\n`);
    }
  }
} finally {
  server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(
  `\n${values.transport} x ${values.clients} clients at ${values.rate}/s, one echo, hold ${values.hold} s, ${os.cpus().length} cores, Node ${process.version}${extraFlags.length > 0 ? `, ${extraFlags.join(' ')}` : ''}\n`,
);
for (const [tool, usages] of Object.entries(measured)) {
  // A run that did not finish its work (a failed client, a partial run) did less: it is not in the median.
  const finished = usages.filter((usage) => usage.exitCode === 0);
  const cpu = median(finished.map((usage) => usage.cpuSeconds));
  const rss = median(finished.map((usage) => usage.peakRssBytes));
  if (cpu === null || rss === null) continue;
  const left = usages.length - finished.length;
  process.stdout.write(
    `${tool.padEnd(10)} median of ${finished.length}: ${cpu.toFixed(2)} CPU-s, ${(rss / 1048576).toFixed(0)} MiB peak tree RSS${left > 0 ? ` (${left} run(s) that exited non-zero left out)` : ''}\n`,
  );
}
