/** Reading finished results from disk: which runs count, and what is left out. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupCells, loadRuns } from '../../../bench/results/result-set.js';
import { FIXTURES, freshDir } from '../../helpers/cli.js';

const SINGLE_RUN = path.join(FIXTURES, 'runs', 'single-run', '20261128-094514-ws-100-2c26');

function copyRun(into: string, name: string, edit?: (runJson: Record<string, unknown>) => void): void {
  const dir = path.join(into, name);
  cpSync(SINGLE_RUN, dir, { recursive: true });
  if (!edit) return;
  const file = path.join(dir, 'run.json');
  const runJson = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(runJson);
  writeFileSync(file, JSON.stringify(runJson));
}

describe('loadRuns', () => {
  it('leaves out attempts that never finished or were interrupted, and says which', () => {
    const folder = freshDir('bench-runs-');
    copyRun(folder, 'a-finished');
    copyRun(folder, 'b-killed', (runJson) => {
      delete runJson.summary;
      runJson.status = 'running';
    });
    copyRun(folder, 'c-interrupted', (runJson) => {
      runJson.status = 'interrupted';
    });
    const skipped: string[] = [];
    const runs = loadRuns(folder, skipped);
    expect(runs.map((run) => path.basename(run.source))).toEqual(['a-finished']);
    expect(skipped.map((dir) => path.basename(dir))).toEqual(['b-killed', 'c-interrupted']);
    expect(groupCells(runs)).toHaveLength(1);
  });

  it('says so when no finished run is left', () => {
    const folder = freshDir('bench-runs-');
    copyRun(folder, 'a', (runJson) => (runJson.status = 'interrupted'));
    copyRun(folder, 'b', (runJson) => (runJson.status = 'interrupted'));
    expect(() => loadRuns(folder)).toThrow(/holds no finished run/);
  });

  it('reports the problem of a single run folder rather than skipping it', () => {
    const folder = freshDir('bench-runs-');
    copyRun(folder, 'only', (runJson) => {
      delete runJson.summary;
      runJson.status = 'running';
    });
    expect(() => loadRuns(path.join(folder, 'only'))).toThrow(/never finished/);
  });
});

describe('groupCells', () => {
  it('pools repeats, and keeps other modes, topologies and server restarts apart from echo runs of the same size', () => {
    const folder = freshDir('bench-runs-');
    const summaryOf = (runJson: Record<string, unknown>) => runJson.summary as Record<string, unknown>;
    copyRun(folder, 'a-echo');
    copyRun(folder, 'b-echo-again');
    copyRun(folder, 'c-broadcast', (runJson) => (summaryOf(runJson).mode = 'broadcast'));
    // A whole summary.cluster, as run.json's schema wants it; only the topology and the faults tell the cells apart.
    const component = { pid: null, processes: null, baselineRssBytes: null, steadyRssBytes: null, peakRssBytes: null, cpuPercentMean: null, cpuPercentPeak: null };
    const cluster = { nodes: 2, lb: 'nginx', adapter: 'relay', sticky: true, perNode: [], loadBalancer: null, redis: component, spread: { connections: [], maxOverMin: null }, connectedClients: [] };
    const kill = { component: 'redis', action: 'kill', plannedAtMs: 1000, atMs: 1000, answeredAtMs: null, error: null };
    copyRun(folder, 'd-two-nodes', (runJson) => (summaryOf(runJson).cluster = { ...cluster, faults: [] }));
    copyRun(folder, 'e-two-nodes-killed', (runJson) => (summaryOf(runJson).cluster = { ...cluster, faults: [kill] }));
    copyRun(folder, 'f-restarted', (runJson) => (summaryOf(runJson).storm = { restartAtMs: 1000, killedAtMs: 1000, serverDownMs: null, sampledServerPids: [], stormMs: 0, server: { samples: 0, meanCpuPercent: null, maxCpuPercent: null, peakRssBytes: null } }));
    const cells = groupCells(loadRuns(folder));
    expect(cells.map((cell) => [cell.key, cell.runs.length])).toEqual([
      ['ws/websocket/100', 2],
      ['ws/websocket/100/broadcast', 1],
      ['ws/websocket/100/nodes-2-nginx-relay', 1],
      ['ws/websocket/100/nodes-2-nginx-relay-faults', 1],
      ['ws/websocket/100/restart', 1],
    ]);
  });
});

describe('report of many runs of one size', () => {
  it('leaves the memory timeline out past 6 runs and says so under the chart it keeps', async () => {
    const { loadReportSource } = await import('../../../bench/report/report-source.js');
    const { chartsFor } = await import('../../../bench/report/write-report.js');
    const { loadStudyData } = await import('../../../bench/report/study-data.js');
    const folder = freshDir('bench-runs-');
    for (let index = 0; index < 7; index += 1) copyRun(folder, `run-${index}`);
    const study = loadStudyData(path.join(FIXTURES, '..', '..', 'data', 'study-2020.json'));
    const charts = chartsFor(loadReportSource(folder), study);
    expect(charts.map((chart) => chart.name)).not.toContain('server-timeline');
    expect(charts.at(-1)?.caption).toContain('The server memory timeline is left out: 7 runs are more than 6');
    const one = freshDir('bench-runs-');
    copyRun(one, 'only');
    expect(chartsFor(loadReportSource(path.join(one, 'only')), study).map((chart) => chart.name)).toContain('server-timeline');
  });
});
