/**
 * The scaling choices of issue 27 side by side, each part a series of `bench run`s printed as a
 * Markdown table. Not part of `npm test`: it starts every broker and takes minutes. Needs
 * redis-server, postgresql, nats-server, rabbitmq-server, nginx and haproxy. Run it after
 * `npm run build`:
 *
 *   npm run scaling-choices -- [--parts adapters,namespaces,scaleout] [--clients 1000] [--scale-clients 6000] [--out DIR]
 *
 * adapters: 3 nodes behind nginx, the broadcast workload at its default rate (10 rooms, 10
 *   publishers at 10/s), once per adapter, then once more with its broker killed and restarted.
 * namespaces: one server, each client in K = 1, 4, 16 namespaces over one connection and over K.
 * scaleout: 3 nodes, a fourth added under load, then node:1 drained, sticky and not, nginx and HAProxy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../bench/project-root.js';
import type { RunSummary } from '../bench/summary/run-summary-types.js';
import type { ComponentFigures } from '../bench/summary/cluster-types.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'adapters,namespaces,scaleout' },
    clients: { type: 'string', default: '1000' },
    'scale-clients': { type: 'string', default: '6000' },
    out: { type: 'string' },
  },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'bench-scaling-choices-'));

/** The machine's 1-minute load average at each run's start and end, in the order of the runs. */
const loads: string[] = [];

/** One `bench run --json`; its summary, or null when it printed none. */
function run(args: string[]): RunSummary | null {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] as number;
  const result = spawnSync(process.execPath, [CLI, 'run', ...args, '--quiet', '--json', '--out', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const load = `${loadBefore.toFixed(1)} to ${(os.loadavg()[0] as number).toFixed(1)}`;
  loads.push(load);
  process.stderr.write(`bench run ${args.join(' ')}: exit ${result.status ?? -1} in ${((Date.now() - started) / 1000).toFixed(0)} s, load average ${load}\n`);
  if (result.status !== 0) process.stderr.write(result.stderr.trim().split('\n').slice(-3).join('\n') + '\n');
  try {
    return JSON.parse(result.stdout) as RunSummary;
  } catch {
    return null;
  }
}

const ms = (value: number | null | undefined): string => (value == null ? '-' : value.toFixed(value < 10 ? 2 : 1));
const mib = (value: number | null | undefined): string => (value == null ? '-' : (value / 2 ** 20).toFixed(1));
const kib = (value: number | null | undefined): string => (value == null ? '-' : (value / 1024).toFixed(1));
const pct = (value: number | null | undefined): string => (value == null ? '-' : `${(value * 100).toFixed(2)}%`);
const cpu = (figures: ComponentFigures | null | undefined): string =>
  figures?.cpuPercentMean == null ? '-' : `${figures.cpuPercentMean} (peak ${figures.cpuPercentPeak})`;

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

const ADAPTERS: Array<{ adapter: string; broker: string | null; killHold: string }> = [
  { adapter: 'redis', broker: 'redis', killHold: '20' },
  { adapter: 'redis-streams', broker: 'redis', killHold: '20' },
  { adapter: 'postgres', broker: 'postgres', killHold: '20' },
  { adapter: 'nats', broker: 'nats', killHold: '20' },
  // RabbitMQ takes about 10 s to start again after a kill here.
  { adapter: 'amqp', broker: 'rabbitmq', killHold: '35' },
  { adapter: 'cluster', broker: null, killHold: '20' },
];

function adapters(): string {
  const rows = ADAPTERS.map(({ adapter, broker, killHold }) => {
    const topology = ['-t', 'socketio', '-c', values.clients as string, '--nodes', '3', '--adapter', adapter, '--mode', 'broadcast'];
    const steady = run([...topology, '--hold', '10']);
    const killed = broker === null ? null : run([...topology, '--hold', killHold, '--kill', `${broker}@5s,restart@10s`]);
    const cast = steady?.broadcast;
    const figures = steady?.cluster?.broker;
    const outage = killed?.broadcast?.brokerOutage;
    const restart = killed?.cluster?.faults.find((fault) => fault.action === 'restart');
    return [
      adapter,
      figures?.name ?? '-',
      ms(cast?.fanOutMs?.p50),
      ms(cast?.fanOutMs?.p99),
      pct(cast?.deliveredRatio),
      String(cast?.duplicates ?? '-'),
      mib(figures?.steadyRssBytes),
      cpu(figures),
      outage ? `${outage.delivered} of ${outage.expected} (${pct(outage.deliveredRatio)})` : broker === null ? 'no broker' : '-',
      outage ? `${outage.lost} / ${outage.late} / ${outage.duplicates}` : '-',
      restart?.answeredAtMs == null || restart.atMs === null ? '-' : ms((restart.answeredAtMs - restart.atMs) / 1000),
      outage?.recoveryMs == null ? (outage ? 'never' : '-') : ms(outage.recoveryMs / 1000),
    ];
  });
  return table(
    [
      'adapter',
      'broker',
      'fan-out p50 (ms)',
      'p99 (ms)',
      'delivered',
      'duplicates',
      'broker RSS (MiB)',
      'broker CPU % mean',
      'outage: delivered of expected',
      'lost / late / duplicated',
      'restart answered after (s)',
      'whole again after it (s)',
    ],
    rows,
  );
}

function namespaces(): string {
  const rows: string[][] = [];
  for (const count of ['1', '4', '16']) {
    for (const connections of ['one', 'per-namespace']) {
      if (count === '1' && connections === 'per-namespace') continue;
      const summary = run(['-t', 'socketio', '-c', values.clients as string, '--namespaces', count, '--namespace-connections', connections, '--hold', '5']);
      rows.push([
        count,
        connections,
        String(summary?.connected ?? '-'),
        kib(summary?.server?.bytesPerConnection),
        ms(summary?.connectMs?.p50),
        ms(summary?.connectMs?.p99),
        ms(summary?.firstMessageMs?.p50),
      ]);
    }
  }
  return table(
    ['namespaces', 'connections', 'clients connected', 'server memory per client (KiB)', 'connect p50 (ms)', 'connect p99 (ms)', 'first message p50 (ms)'],
    rows,
  );
}

function scaleout(): string {
  const rows: string[][] = [];
  for (const lb of ['nginx', 'haproxy']) {
    for (const sticky of [true, false]) {
      const summary = run([
        '-t',
        'socketio',
        '-c',
        values['scale-clients'] as string,
        '--nodes',
        '3',
        '--lb',
        lb,
        ...(sticky ? [] : ['--no-sticky']),
        '--hold',
        '30',
        '--add-node-at',
        '5s',
        '--drain',
        'node:1@15s',
      ]);
      const scaling = summary?.cluster?.scaling;
      const counts = (list: ReadonlyArray<number | null> | undefined): string => (list ?? []).map((count) => count ?? '-').join(' / ');
      rows.push([
        lb,
        sticky ? 'sticky' : 'round-robin',
        counts(scaling?.before),
        counts(scaling?.after),
        String(scaling?.moved ?? '-'),
        scaling?.settledMs == null ? '-' : ms(scaling.settledMs / 1000),
        `${summary?.reconnection?.clientsBack ?? '-'} of ${summary?.reconnection?.clientsDropped ?? '-'}`,
      ]);
    }
  }
  return table(
    ['balancer', 'routing', 'spread before (node:0 / 1 / 2 / 3)', 'spread at the end', 'clients moved', 'settled after the drain (s)', 'drained clients back'],
    rows,
  );
}

const PARTS: Record<string, () => string> = { adapters, namespaces, scaleout };
for (const part of (values.parts as string).split(',')) {
  const make = PARTS[part.trim()];
  if (make === undefined) {
    process.stderr.write(`--parts: unknown part "${part}"; the parts are ${Object.keys(PARTS).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n## ${part}\n\n${make()}\n`);
}
process.stdout.write(`\nLoad average (1 minute) at each run's start and end, in order: ${loads.join('; ')}\nRun folders: ${out}\n`);
