/**
 * `bench report` of runs on several servers, through faults, a reconnect storm and an idle hold
 * (the committed fixture of real runs): the fan-out chart against nodes, the timelines through
 * faults, and the tables carry the figures of each run.json and CSV file.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReportSource } from '../../../bench/report/report-source.js';
import type { RunSummary } from '../../../bench/summary/run-summary-types.js';
import { freshDir, readJson } from '../../helpers/cli.js';
import { reportOf, TOPOLOGY_FIXTURE } from '../../helpers/report-fixtures.js';

interface FixtureRun {
  dir: string;
  runId: string;
  summary: RunSummary;
}

const RUNS: FixtureRun[] = readdirSync(TOPOLOGY_FIXTURE)
  .filter((name) => !name.endsWith('.md'))
  .map((name) => {
    const dir = path.join(TOPOLOGY_FIXTURE, name);
    const runJson = readJson<{ runId: string; summary: RunSummary }>(path.join(dir, 'run.json'));
    return { dir, runId: runJson.runId, summary: runJson.summary };
  });

/** The one fixture run that matches. */
function runWhere(test: (summary: RunSummary) => boolean): FixtureRun {
  const found = RUNS.filter((run) => test(run.summary));
  if (found.length !== 1) throw new Error(`expected one fixture run, found ${found.length}`);
  return found[0] as FixtureRun;
}

const isClean = (summary: RunSummary): boolean => summary.broadcast != null && (summary.cluster?.faults.length ?? 0) === 0 && summary.storm == null;
const REDIS_OUTAGE = runWhere((summary) => summary.cluster?.faults.some((fault) => fault.component === 'redis') === true);
const NODE_KILL = runWhere((summary) => summary.cluster?.faults.some((fault) => fault.component === 'node:1') === true);
const STORM = runWhere((summary) => summary.storm != null);
const IDLE = runWhere((summary) => summary.idle != null);

type Rows = Array<Record<string, unknown>>;
interface Panel {
  data?: { values: Rows };
  layer: Array<{ data?: { values: Rows }; mark: { type: string } | string }>;
}

/** The data of a panel's layers whose mark is `type` (their own, or the panel's), concatenated. */
function layerData(panel: Panel, type: string): Rows {
  return panel.layer
    .filter((layer) => (typeof layer.mark === 'string' ? layer.mark : layer.mark.type) === type)
    .flatMap((layer) => layer.data?.values ?? panel.data?.values ?? []);
}

/** The text of the page with tags removed and entities of numbers undone, cell by cell: "a | b | c". */
function pageText(html: string): string {
  return html
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const oneDecimal = (value: number): string => value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

describe('bench report of runs on several servers, through faults, a storm and an idle hold', () => {
  let report: Awaited<ReturnType<typeof reportOf>>;
  let html: string;
  let text: string;
  beforeAll(async () => {
    report = await reportOf(TOPOLOGY_FIXTURE);
    html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    text = pageText(html);
  });

  it('keeps workloads and topologies apart as cells: only the two plain ws broadcast runs on one server pool', () => {
    const source = loadReportSource(TOPOLOGY_FIXTURE);
    expect(source.cells).toHaveLength(RUNS.length - 1);
    const pooled = source.cells.filter((cell) => cell.measured.length === 2);
    expect(pooled).toHaveLength(1);
    expect(pooled[0]?.measured.every((run) => run.run.summary.transport === 'ws' && isClean(run.run.summary) && !run.run.summary.cluster)).toBe(true);
    expect(text).toContain('workload |');
    expect(text).toContain('broadcast, 2 nodes (lb none, redis-streams)');
  });

  it('draws fan-out against nodes, the three fault timelines and the connect distribution, with no warning', () => {
    expect(report.output.charts).toEqual(['fan-out-nodes', 'fault-timeline-1', 'fault-timeline-2', 'fault-timeline-3', 'connect-distribution']);
    expect(report.stderr).not.toContain('note: chart');
    for (const name of report.output.charts) {
      const svg = readFileSync(path.join(report.dir, 'charts', `${name}.svg`), 'utf8');
      expect(svg, name).toContain('class="mark-line');
    }
    for (const name of ['fault-timeline-1', 'fault-timeline-2', 'fault-timeline-3']) {
      const svg = readFileSync(path.join(report.dir, 'charts', `${name}.svg`), 'utf8');
      expect(svg, name).toContain('class="mark-rule');
      expect(svg, name).toContain('class="mark-rect');
      expect(svg, name).toContain('class="mark-text');
    }
  });

  it('puts each clean broadcast run at its node count, p50 and p99 from its summary, socketio once per adapter', () => {
    const spec = readJson<{ hconcat: Panel[] }>(path.join(report.dir, 'charts', 'fan-out-nodes.vl.json'));
    const [p50Panel, p99Panel] = spec.hconcat as [Panel, Panel];
    const p50 = layerData(p50Panel, 'point');
    const p99 = layerData(p99Panel, 'point');
    expect(p50.map((row) => `${row.series}@${row.nodes}`).sort()).toEqual([
      'socketio (redis)@1',
      'socketio (redis)@2',
      'socketio (redis-streams)@1',
      'socketio (redis-streams)@2',
      'ws@1',
      'ws@2',
    ]);
    const fanOut = (summary: RunSummary) => summary.broadcast?.fanOutMs as NonNullable<NonNullable<RunSummary['broadcast']>['fanOutMs']>;
    for (const [adapter, label] of [
      ['redis', 'socketio (redis)'],
      ['redis-streams', 'socketio (redis-streams)'],
    ] as const) {
      const run = runWhere((summary) => isClean(summary) && summary.cluster?.adapter === adapter);
      expect(p50.find((row) => row.series === label && row.nodes === 2)?.value).toBe(fanOut(run.summary).p50);
      expect(p99.find((row) => row.series === label && row.nodes === 2)?.value).toBe(fanOut(run.summary).p99);
      // One Socket.IO server has no adapter: the same run starts both lines.
      const single = runWhere((summary) => isClean(summary) && summary.transport === 'socketio' && !summary.cluster);
      expect(p99.find((row) => row.series === label && row.nodes === 1)?.value).toBe(fanOut(single.summary).p99);
    }
    // Two runs of one cell: their median, and the interval of the median of two runs is min to max.
    const repeats = RUNS.filter((run) => isClean(run.summary) && run.summary.transport === 'ws' && !run.summary.cluster).map((run) => fanOut(run.summary).p99);
    expect(repeats).toHaveLength(2);
    const ws1 = p99.find((row) => row.series === 'ws' && row.nodes === 1);
    expect(ws1).toMatchObject({ runs: 2, value: (repeats[0]! + repeats[1]!) / 2, low: Math.min(...repeats), high: Math.max(...repeats) });
    // The bar of the interval is drawn where a point has several runs: only there.
    expect(
      layerData(p99Panel, 'rule')
        .filter((row) => (row.runs as number) > 1)
        .map((row) => `${row.series}@${row.nodes}`),
    ).toEqual(['ws@1']);
  });

  it('tables delivered / expected and duplicates, the outage runs on their own rows', () => {
    const broadcast = REDIS_OUTAGE.summary.broadcast as NonNullable<RunSummary['broadcast']>;
    expect(broadcast.delivered).toBeLessThan(broadcast.expected);
    const row = text.split('\n').find((line) => line.startsWith('socketio (kill redis at 1.5 s, restart redis at 3.0 s) |'));
    expect(row).toContain(`| ${broadcast.delivered.toLocaleString('en-US')} / ${broadcast.expected.toLocaleString('en-US')} |`);
    expect(row).toContain(`| ${((broadcast.deliveredRatio as number) * 100).toFixed(2)}% |`);
    const wsPooled = RUNS.filter((run) => isClean(run.summary) && run.summary.transport === 'ws' && !run.summary.cluster);
    const delivered = wsPooled.reduce((sum, run) => sum + (run.summary.broadcast?.delivered ?? 0), 0);
    const expected = wsPooled.reduce((sum, run) => sum + (run.summary.broadcast?.expected ?? 0), 0);
    expect(text).toMatch(new RegExp(`\\nws \\| 1 \\| 2 \\|[^\\n]*\\| ${delivered.toLocaleString('en-US')} / ${expected.toLocaleString('en-US')} \\|`));
  });

  it('draws the Redis outage: deliveries per second from broadcast.csv, connected clients, kill, restart and answer', () => {
    const index =
      1 +
      ['fault-timeline-1', 'fault-timeline-2', 'fault-timeline-3'].findIndex((name) =>
        readFileSync(path.join(report.dir, 'charts', `${name}.vl.json`), 'utf8').includes('kill redis'),
      );
    const spec = readJson<{ vconcat: Panel[] }>(path.join(report.dir, 'charts', `fault-timeline-${index}.vl.json`));
    const [deliveries, connected] = spec.vconcat as [Panel, Panel];
    const csv = readFileSync(path.join(REDIS_OUTAGE.dir, 'broadcast.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[3]));
    const lines = layerData(deliveries, 'line');
    expect(lines.map((row) => row.value)).toEqual(csv);
    // One row per second; the first second is the one the hold began in.
    for (let second = 1; second < lines.length; second += 1)
      expect((lines[second]?.tSeconds as number) - (lines[second - 1]?.tSeconds as number)).toBeCloseTo(1, 9);
    expect(lines[0]?.tSeconds as number).toBeGreaterThan(-0.5);
    expect(lines[0]?.tSeconds as number).toBeLessThanOrEqual(0.5);
    const cluster = REDIS_OUTAGE.summary.cluster as NonNullable<RunSummary['cluster']>;
    expect(layerData(connected, 'line').map((row) => [row.tSeconds, row.value])).toEqual(
      cluster.connectedClients.map((point) => [point.tMs / 1000, point.connected]),
    );
    const [kill, restart] = cluster.faults;
    const events = layerData(deliveries, 'rule').map((row) => `${row.label}@${row.tSeconds}`);
    expect(events).toEqual([
      `kill redis@${(kill?.atMs as number) / 1000}`,
      `restart redis@${(restart?.atMs as number) / 1000}`,
      `redis answered@${(restart?.answeredAtMs as number) / 1000}`,
    ]);
    expect(layerData(deliveries, 'rect')).toEqual([
      { start: (kill?.atMs as number) / 1000, end: (restart?.answeredAtMs as number) / 1000, label: 'redis down' },
    ]);
  });

  it('shades a killed node that never came back from its kill to the end', () => {
    const index =
      1 +
      ['fault-timeline-1', 'fault-timeline-2', 'fault-timeline-3'].findIndex((name) =>
        readFileSync(path.join(report.dir, 'charts', `${name}.vl.json`), 'utf8').includes('kill node:1'),
      );
    const spec = readJson<{ vconcat: Panel[] }>(path.join(report.dir, 'charts', `fault-timeline-${index}.vl.json`));
    const connected = spec.vconcat[1] as Panel;
    const spans = layerData(connected, 'rect');
    const kill = NODE_KILL.summary.cluster?.faults[0];
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ start: (kill?.atMs as number) / 1000, label: 'node:1 down' });
    const last = layerData(connected, 'line').at(-1);
    expect(spans[0]?.end as number).toBeGreaterThanOrEqual(last?.tSeconds as number);
    // Its clients dropped and nothing reconnected them: the workers' count falls by the node's share.
    expect(last?.value).toBe(NODE_KILL.summary.connected - NODE_KILL.summary.dropped);
  });

  it('draws the storm on one server from reconnects.csv, with the kill, the new server listening and the storm shaded', () => {
    const index =
      1 +
      ['fault-timeline-1', 'fault-timeline-2', 'fault-timeline-3'].findIndex((name) =>
        readFileSync(path.join(report.dir, 'charts', `${name}.vl.json`), 'utf8').includes('server killed'),
      );
    const spec = readJson<{ vconcat: Panel[] }>(path.join(report.dir, 'charts', `fault-timeline-${index}.vl.json`));
    expect(spec.vconcat).toHaveLength(1);
    const panel = spec.vconcat[0] as Panel;
    const storm = STORM.summary.storm as NonNullable<RunSummary['storm']>;
    const reconnection = STORM.summary.reconnection as NonNullable<RunSummary['reconnection']>;
    expect(layerData(panel, 'rect')).toEqual([{ start: storm.killedAtMs / 1000, end: (storm.killedAtMs + storm.stormMs) / 1000, label: 'storm' }]);
    expect(layerData(panel, 'rule').map((row) => row.label)).toEqual(['server killed', 'server listening']);
    const line = layerData(panel, 'line');
    const values = line.map((row) => row.value as number);
    expect(values[0]).toBe(STORM.summary.connected);
    expect(Math.min(...values)).toBeLessThanOrEqual(STORM.summary.connected - 1);
    expect(values.at(-1)).toBe(STORM.summary.connected - reconnection.neverBack);
    // Every client came back by the time the last one did: the 100% time back, from the kill.
    const full = line.find((row) => (row.tSeconds as number) > storm.killedAtMs / 1000 && row.value === STORM.summary.connected);
    expect(full?.tSeconds as number).toBeCloseTo((storm.killedAtMs + (reconnection.timeBackMs.p100 as number)) / 1000, 2);
  });

  it('tables each node, the load balancer and Redis of every cluster run', () => {
    for (const run of RUNS.filter((item) => item.summary.cluster)) {
      const cluster = run.summary.cluster as NonNullable<RunSummary['cluster']>;
      expect(text).toContain(`run ${run.runId}`);
      for (const node of cluster.perNode) {
        expect(text).toContain(
          `node:${node.node} | ${node.pid} | ${node.connections} | ${oneDecimal((node.baselineRssBytes as number) / 2 ** 20)} | ${oneDecimal((node.steadyRssBytes as number) / 2 ** 20)} |`,
        );
      }
      // These runs were written before brokers other than Redis: their figures are under `redis`, and still tabled.
      expect(cluster.broker).toBeUndefined();
      expect(text).toContain(`redis | ${cluster.redis?.pid} |`);
    }
    expect(text).toContain("Faults, from the hold's start: kill redis: planned 1,500.0 ms");
  });

  it('tables the idle cost and the reconnection figures', () => {
    const idle = IDLE.summary.idle as NonNullable<RunSummary['idle']>;
    const cpu = (idle.cpuSecondsPer1000ConnectionsPerMinute as number).toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    expect(text).toContain(`ws | ${IDLE.runId} | ${idle.connections} | ${idle.heartbeat.pingIntervalMs} ms |`);
    expect(text).toContain(`| ${cpu} | ${oneDecimal(idle.bytesPerConnectionPerMinute as number)} |`);
    const slope = idle.rssSlopeBytesPerMinute as NonNullable<typeof idle.rssSlopeBytesPerMinute>;
    expect(text).toContain(`${oneDecimal(slope.low / 1024)} to ${oneDecimal(slope.high / 1024)} (${slope.n} samples)`);
    const reconnection = STORM.summary.reconnection as NonNullable<RunSummary['reconnection']>;
    const ms = (value: number | null): string =>
      value === null ? '-' : value.toLocaleString('en-US', { minimumFractionDigits: value < 10 ? 2 : 1, maximumFractionDigits: value < 10 ? 2 : 1 });
    expect(text).toContain(
      `| ${reconnection.clientsDropped} | ${reconnection.neverBack} | kill | ${ms(reconnection.timeBackMs.p50)} | ${ms(reconnection.timeBackMs.p99)} | ${ms(reconnection.timeBackMs.p100)} |`,
    );
    expect(html).toContain('<a href="#topology">');
  });

  it('links broadcast.csv and reconnects.csv of the runs that wrote them, and no other', () => {
    const links = [...html.matchAll(/href="([^"#]+\.csv)"/g)].map((match) => decodeURIComponent(match[1] as string));
    for (const file of ['broadcast.csv', 'reconnects.csv']) {
      const linked = links
        .filter((link) => link.endsWith(`/${file}`))
        .map((link) => path.basename(path.dirname(link)))
        .sort();
      const written = RUNS.filter((run) => existsSync(path.join(run.dir, file)))
        .map((run) => path.basename(run.dir))
        .sort();
      expect(written.length, file).toBeGreaterThan(0);
      expect(linked, file).toEqual(written);
    }
  });
});

describe('bench report reads what it does not know of summary.cluster defensively', () => {
  it('lists a field a later bench adds, and a run.json without it shows none', async () => {
    const folder = freshDir('bench-topology-');
    const target = path.join(folder, REDIS_OUTAGE.runId);
    cpSync(REDIS_OUTAGE.dir, target, { recursive: true });
    const file = path.join(target, 'run.json');
    const runJson = JSON.parse(readFileSync(file, 'utf8')) as { summary: { cluster: Record<string, unknown> } };
    runJson.summary.cluster.outage = { redis: { lost: 290, recoveryMs: 812.5 } };
    writeFileSync(file, JSON.stringify(runJson));
    const report = await reportOf(target);
    const page = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    expect(page).toContain('Further figures of summary.cluster: outage.redis.lost: 290; outage.redis.recoveryMs: 812.50.');
    const plain = readFileSync(path.join((await reportOf(REDIS_OUTAGE.dir)).dir, 'index.html'), 'utf8');
    expect(plain).not.toContain('Further figures');
  });
});

describe('bench report of one reconnect storm', () => {
  it('shades the storm in the server timeline, and the hold on both sides of it', async () => {
    const report = await reportOf(STORM.dir);
    expect(report.output.charts).toEqual(['server-timeline', 'fault-timeline-1', 'connect-distribution']);
    const spec = readJson<{ vconcat: Panel[] }>(path.join(report.dir, 'charts', 'server-timeline.vl.json'));
    const panel = spec.vconcat[0] as Panel;
    const shades = layerData(panel, 'rect');
    const samples = readFileSync(path.join(STORM.dir, 'samples.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    const stormSamples = samples.filter((cells) => cells[5] === 'storm').map((cells) => Number(cells[0]) / 1000);
    expect(stormSamples.length).toBeGreaterThan(0);
    const storm = shades.filter((span) => span.phase === 'storm');
    expect(storm).toHaveLength(1);
    expect(storm[0]?.start).toBe(stormSamples[0]);
    expect(shades.filter((span) => span.phase === 'hold').map((span) => (span.end as number) <= (storm[0]?.start as number))).toEqual([true, false]);
  });
});
