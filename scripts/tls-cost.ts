/**
 * What TLS costs bench's own servers: for each transport, `bench run` with and without --tls at the
 * same work, and a reconnect storm (--restart-server-at) with and without it. Prints connect time
 * p50/p99 (the run summary's connectMs), server CPU-ms per new connection, and for the storm the time
 * until every client was back and server CPU-ms per client back. Not part of `npm test`: it takes
 * minutes, and its figures are one machine's in one sitting.
 *
 *   npm run tls-cost -- [--clients 2000] [--rate 500] [--transports ws,socketio,sockjs] [--no-storm]
 *                       [--reconnect-delay 1000] [--run-flags='--workers 2']
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../bench/project-root.js';
import type { RunSummary } from '../bench/summary/run-summary-types.js';
import { phaseCpuMs, readPhaseSamples } from './phase-cpu.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '500' },
    transports: { type: 'string', default: 'ws,socketio,sockjs' },
    'no-storm': { type: 'boolean', default: false },
    /** The storm's --reconnect-delay in ms: bench's default (Socket.IO's) unless given. */
    'reconnect-delay': { type: 'string', default: '1000' },
    /** More bench run flags for every run, e.g. '--workers 2'. */
    'run-flags': { type: 'string', default: '' },
  },
});
const transports = values.transports.split(',').map((name) => name.trim());
const extraFlags = values['run-flags'].split(/\s+/).filter((flag) => flag !== '');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-tls-cost-'));

/** The figures of one run that the tables show. */
interface Figures {
  status: string;
  /** The load generator was saturated: its latencies include its own queueing (summary.loadGenerator). */
  saturated: boolean;
  /** Client worker processes the run used. */
  workers: number;
  connected: number;
  clients: number;
  connectP50Ms: number | null;
  connectP99Ms: number | null;
  /** Server CPU over the ramp / clients connected, in ms; and where the figure came from. */
  cpuMsPerConnection: number | null;
  cpuSource: 'summary' | 'samples';
  stormMs: number | null;
  clientsBack: number | null;
  timeBackP99Ms: number | null;
  /** Server CPU over the storm's samples / clients back, in ms. */
  stormCpuMsPerClient: number | null;
}

/** The summary figure another change adds (server CPU over the ramp / clients connected), when this build has it. */
function summaryCpuPerConnection(summary: RunSummary): number | null {
  const serverCpu = (summary as unknown as { serverCpu?: { cpuMsPerConnection?: unknown } }).serverCpu;
  return typeof serverCpu?.cpuMsPerConnection === 'number' ? serverCpu.cpuMsPerConnection : null;
}

function runOnce(transport: string, tls: boolean, storm: boolean): Figures {
  const args = [CLI, 'run', '-t', transport, '-c', values.clients, '--rate', values.rate, '--json', '--quiet', '--out', scratch];
  if (tls) args.push('--tls');
  const stormFlags = ['--restart-server-at', '2s', '--hold', '4', '--reconnect-delay', values['reconnect-delay']];
  args.push(...(storm ? stormFlags : ['--hold', '1']), ...extraFlags);
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const summary = JSON.parse(result.stdout) as RunSummary;
  const runJson = JSON.parse(readFileSync(path.join(summary.resultsDir, 'run.json'), 'utf8')) as { config: { workers: number } };
  const samples = readPhaseSamples(path.join(summary.resultsDir, 'samples.csv'));
  const fromSummary = summaryCpuPerConnection(summary);
  const rampCpuMs = phaseCpuMs(samples, 'ramp');
  const stormCpuMs = phaseCpuMs(samples, 'storm');
  const back = summary.reconnection?.clientsBack ?? null;
  return {
    status: summary.status,
    saturated: summary.loadGenerator?.saturated === true,
    workers: runJson.config.workers,
    connected: summary.connected,
    clients: summary.clients,
    connectP50Ms: summary.connectMs?.p50 ?? null,
    connectP99Ms: summary.connectMs?.p99 ?? null,
    cpuMsPerConnection: fromSummary ?? (rampCpuMs === null || summary.connected === 0 ? null : rampCpuMs / summary.connected),
    cpuSource: fromSummary === null ? 'samples' : 'summary',
    stormMs: summary.storm?.stormMs ?? null,
    clientsBack: back,
    timeBackP99Ms: summary.reconnection?.timeBackMs?.p99 ?? null,
    stormCpuMsPerClient: stormCpuMs === null || back === null || back === 0 ? null : stormCpuMs / back,
  };
}

const ms = (value: number | null, digits = 1): string => (value === null ? '-' : value.toFixed(digits));
const ratio = (tls: number | null, plain: number | null): string => (tls === null || plain === null || plain === 0 ? '-' : `x${(tls / plain).toFixed(2)}`);

/** The load generator's column: its workers, and whether it was saturated (its latencies then include its own queueing). */
const loadGenerator = (figures: Figures): string => `${figures.workers} worker${figures.workers === 1 ? '' : 's'}${figures.saturated ? ', saturated' : ''}`;

const rows: string[] = [];
const stormRows: string[] = [];
const sources = new Set<string>();
try {
  for (const transport of transports) {
    const plain = runOnce(transport, false, false);
    const tls = runOnce(transport, true, false);
    sources.add(plain.cpuSource).add(tls.cpuSource);
    for (const [label, figures] of [
      ['plain', plain],
      ['TLS', tls],
    ] as const) {
      const vs = label === 'TLS' ? ` (${ratio(tls.cpuMsPerConnection, plain.cpuMsPerConnection)})` : '';
      rows.push(
        `| ${transport} | ${label} | ${figures.connected}/${figures.clients} | ${ms(figures.connectP50Ms)} | ${ms(figures.connectP99Ms)} | ${ms(figures.cpuMsPerConnection, 2)}${vs} | ${loadGenerator(figures)} |`,
      );
    }
    process.stderr.write(`tls-cost: ${transport} connect runs done\n`);
    if (values['no-storm']) continue;
    for (const [label, secure] of [
      ['plain', false],
      ['TLS', true],
    ] as const) {
      const figures = runOnce(transport, secure, true);
      stormRows.push(
        `| ${transport} | ${label} | ${figures.clientsBack ?? '-'}/${figures.connected} | ${ms(figures.stormMs, 0)} | ${ms(figures.timeBackP99Ms, 0)} | ${ms(figures.stormCpuMsPerClient, 2)} | ${loadGenerator(figures)} |`,
      );
    }
    process.stderr.write(`tls-cost: ${transport} storm runs done\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const cpu = sources.has('samples')
  ? "server CPU-ms per connection: the server's CPU time over the ramp (samples.csv: cpuPercent x interval, summed over the ramp's samples and the one taken as the hold began) / clients connected"
  : "server CPU-ms per connection: the run summary's serverCpu.cpuMsPerConnection";
process.stdout.write(
  [
    `${values.clients} clients at ${values.rate}/s per run, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${extraFlags.length > 0 ? `, ${extraFlags.join(' ')}` : ''}`,
    `TLS: bench's --tls, an ECDSA P-256 certificate signed by a CA made for the run; the clients verify it. One sitting, one run per cell.`,
    '',
    '| transport | server | connected | connect p50 ms | connect p99 ms | server CPU-ms per connection | load generator |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    cpu,
    "load generator saturated: a worker reached --saturation-cpu or --saturation-loop-delay in a sample interval, so the times of that run include the clients' own queueing (the workers do the client side of every TLS handshake on the same cores as the server)",
    ...(stormRows.length === 0
      ? []
      : [
          '',
          `Reconnect storm: --restart-server-at 2s (SIGKILL, then the same server on the same port with the same certificate), --reconnect-delay ${values['reconnect-delay']} (doubling per attempt up to 5 s, jitter 0.5)`,
          '',
          '| transport | server | clients back | kill to all back ms | time back p99 ms | server CPU-ms per client back | load generator |',
          '|---|---|---|---|---|---|---|',
          ...stormRows,
          '',
          "server CPU-ms per client back: the server's CPU time over the samples labelled storm (from the kill until every client is back: the new process, its own start-up included) / clients back",
        ]),
    '',
  ].join('\n'),
);
