/**
 * The soaks of issue 26 side by side, printed as Markdown tables. Not part of `npm test`: each
 * soak lasts --minutes. Run it after `npm run build`:
 *
 *   npm run soak-grid -- [--parts grid,leak,slow] [--minutes 30] [--slow-minutes 2] [--clients 2000] [--parallel 1] [--out DIR]
 *
 * grid: the seed article's mitigations, each held --minutes with churn (10% of the clients a
 *   minute) and 2 KiB messages (above deflate's 1 KiB threshold) at 1/s: Socket.IO on the current
 *   and the 2020 stack, deflate off and on, websocket only and polling then upgrade; ws and SockJS beside.
 * leak: the same soak of ws with the planted leak (--inject-leak-kb 4) and without it, each with
 *   heap snapshots: the verdict and what the snapshot comparison names.
 * slow: each transport with 10% of the clients reading nothing for --slow-minutes, at each
 *   library's own heartbeat (ws has none), beside the same run with every client reading.
 * --parallel 2 runs two soaks at once: half the wall time, on a machine with the cores for it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../bench/project-root.js';
import type { RunSummary } from '../bench/summary/run-summary-types.js';
import type { SeriesTrend } from '../bench/summary/memory-trend-types.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'grid,leak,slow' },
    minutes: { type: 'string', default: '30' },
    'slow-minutes': { type: 'string', default: '2' },
    clients: { type: 'string', default: '2000' },
    parallel: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'bench-soak-grid-'));
const seconds = String(Math.round(Number(values.minutes) * 60));

/** One soak: its name in the table and its flags; `own`: flags of its own instead of the soak's churn and length. */
interface Soak {
  name: string;
  args: string[];
  own?: boolean;
}

const soakFlags = [
  '--clients',
  values.clients,
  '--messages-per-second',
  '1',
  '--payload-bytes',
  '2048',
  '--duration',
  seconds,
  '--churn',
  '10%/1m',
  '--rate',
  '500',
];

const GRID: Soak[] = [
  ...['current', '2020'].flatMap((stack) =>
    ['websocket', 'polling,websocket'].flatMap((transports) =>
      ['off', 'on'].map((deflate) => ({
        name: `socketio ${stack}, ${transports === 'websocket' ? 'websocket only' : 'polling then upgrade'}, deflate ${deflate}`,
        args: ['-t', 'socketio', '--stack', stack, '--socketio-transports', transports, `--per-message-deflate=${deflate}`],
      })),
    ),
  ),
  { name: 'ws, deflate off', args: ['-t', 'ws'] },
  { name: 'ws, deflate on', args: ['-t', 'ws', '--per-message-deflate=on'] },
  { name: 'sockjs, websocket', args: ['-t', 'sockjs'] },
];

const LEAK: Soak[] = [
  { name: 'ws, planted leak 4 KiB per connection', args: ['-t', 'ws', '--inject-leak-kb', '4', '--heap-snapshots'] },
  { name: 'ws, no leak (A/A)', args: ['-t', 'ws', '--heap-snapshots'] },
];

const slowSeconds = String(Math.round(Number(values['slow-minutes']) * 60));
const slowFlags = ['--clients', values.clients, '--messages-per-second', '1', '--payload-bytes', '2048', '--duration', slowSeconds, '--rate', '500'];
const SLOW: Soak[] = ['ws', 'socketio', 'sockjs'].flatMap((transport) => [
  { name: `${transport}, 10% slow readers`, args: ['-t', transport, ...slowFlags, '--slow-readers', '10%'], own: true },
  { name: `${transport}, every client reading`, args: ['-t', transport, ...slowFlags], own: true },
]);

/** One `bench run --json`; its summary, or null when it printed none. */
function run(soak: Soak): Promise<{ soak: Soak; summary: RunSummary | null; load: string }> {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] as number;
  const args = [CLI, 'run', ...soak.args, ...(soak.own === true ? [] : soakFlags), '--quiet', '--json', '--out', out, '--label', soak.name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => {
      const load = `${loadBefore.toFixed(1)} to ${(os.loadavg()[0] as number).toFixed(1)}`;
      process.stderr.write(`${soak.name}: exit ${code ?? -1} in ${((Date.now() - started) / 1000).toFixed(0)} s, load average ${load}\n`);
      if (code !== 0) process.stderr.write(stderr.trim().split('\n').slice(-3).join('\n') + '\n');
      let summary: RunSummary | null = null;
      try {
        summary = JSON.parse(stdout) as RunSummary;
      } catch {
        summary = null;
      }
      resolve({ soak, summary, load });
    });
  });
}

/** Runs the soaks, `parallel` at a time, in their order. */
async function runAll(soaks: readonly Soak[]): Promise<Array<Awaited<ReturnType<typeof run>>>> {
  const results: Array<Awaited<ReturnType<typeof run>>> = [];
  const width = Math.max(1, Number(values.parallel));
  for (let start = 0; start < soaks.length; start += width) {
    results.push(...(await Promise.all(soaks.slice(start, start + width).map(run))));
  }
  return results;
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const slope = (trend: SeriesTrend | null | undefined): string =>
  trend == null ? '-' : `${mib(trend.perHour.slope)} [${mib(trend.perHour.low)}, ${mib(trend.perHour.high)}] ${trend.verdict}`;
const per1000 = (trend: SeriesTrend | null | undefined): string =>
  trend?.per1000Churned == null ? '-' : `${mib(trend.per1000Churned.slope)} [${mib(trend.per1000Churned.low)}, ${mib(trend.per1000Churned.high)}]`;

function table(results: Array<Awaited<ReturnType<typeof run>>>): string {
  const lines = [
    '| soak | status | churned | heap used MiB/h [95%] verdict | per 1,000 churned MiB | RSS MiB/h [95%] verdict | per 1,000 churned MiB | external MiB/h verdict | warm-up s (heap, RSS) | effective samples (heap, RSS) | load |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { soak, summary, load } of results) {
    const trend = summary?.memoryTrend;
    lines.push(
      `| ${soak.name} | ${summary?.status ?? 'no summary'} | ${summary?.churn?.left ?? '-'} | ${slope(trend?.heapUsed)} | ${per1000(trend?.heapUsed)} | ${slope(trend?.rss)} | ${per1000(trend?.rss)} | ${slope(trend?.external)} | ${trend?.heapUsed?.warmupSeconds.toFixed(0) ?? '-'}, ${trend?.rss?.warmupSeconds.toFixed(0) ?? '-'} | ${trend?.heapUsed?.effectiveSamples?.toFixed(0) ?? '-'}, ${trend?.rss?.effectiveSamples?.toFixed(0) ?? '-'} | ${load} |`,
    );
  }
  return lines.join('\n');
}

function grownTable(results: Array<Awaited<ReturnType<typeof run>>>): string {
  const lines = ['| soak | constructor | objects before -> after | own size grew KiB | new objects | retained through |', '|---|---|---|---|---|---|'];
  for (const { soak, summary } of results) {
    for (const grown of summary?.heapGrowth?.grown.slice(0, 3) ?? []) {
      lines.push(
        `| ${soak.name} | ${grown.constructor} | ${grown.countBefore} -> ${grown.countAfter} | ${((grown.sizeAfterBytes - grown.sizeBeforeBytes) / 1024).toFixed(0)} | ${grown.newObjects} | ${grown.retainerChain.join(' <- ')} |`,
      );
    }
  }
  return lines.join('\n');
}

const kib = (bytes: number | null | undefined): string => (bytes == null ? '-' : (bytes / 1024).toFixed(0));

function slowTable(results: Array<Awaited<ReturnType<typeof run>>>): string {
  const lines = [
    '| run | status | slow readers (paused) | server connections start -> lowest | first drop s | RSS growth MiB | per slow reader KiB | heap growth MiB | others round trip p50 / p99 / max ms | load |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { soak, summary, load } of results) {
    const slow = summary?.slowReaders;
    const trip = summary?.steadyTraffic?.roundTripMs;
    lines.push(
      `| ${soak.name} | ${summary?.status ?? 'no summary'} | ${slow === undefined ? '-' : `${slow.clients} (${slow.paused})`} | ${slow === undefined ? '-' : `${slow.serverConnectionsAtStart} -> ${slow.serverConnectionsLowest}`} | ${slow?.firstDropSeconds?.toFixed(1) ?? '-'} | ${slow?.rssGrowthBytes == null ? '-' : mib(slow.rssGrowthBytes)} | ${kib(slow?.rssBytesPerSlowReader)} | ${slow?.heapUsedGrowthBytes == null ? '-' : mib(slow.heapUsedGrowthBytes)} | ${trip == null ? '-' : `${trip.p50} / ${trip.p99} / ${trip.max}`} | ${load} |`,
    );
  }
  return lines.join('\n');
}

const parts = new Set(values.parts.split(','));
process.stdout.write(
  `Soaks of ${values.minutes} min, ${values.clients} clients, churn 10%/1m, 2 KiB at 1/s; slow readers for ${values['slow-minutes']} min; run folders in ${out}\n\n`,
);
if (parts.has('grid')) process.stdout.write(`${table(await runAll(GRID))}\n\n`);
if (parts.has('leak')) {
  const results = await runAll(LEAK);
  process.stdout.write(`${table(results)}\n\n${grownTable(results)}\n\n`);
}
if (parts.has('slow')) process.stdout.write(`${slowTable(await runAll(SLOW))}\n\n`);
