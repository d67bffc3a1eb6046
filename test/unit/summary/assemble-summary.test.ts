/** assembleSummary: the one builder of a run's summary, from plain inputs with known answers. */
import { describe, expect, it } from 'vitest';
import { assembleSummary, type SummaryInput } from '../../../bench/summary/assemble-summary.js';
import { RowTally } from '../../../bench/summary/row-tally.js';
import { loadGeneratorHealth } from '../../../bench/summary/load-generator.js';
import { SUMMARY_FIELDS } from '../../../bench/summary/summary-fields.js';
import type { ClusterSummary } from '../../../bench/summary/cluster-types.js';

const MIB = 1024 * 1024;

/** 4 clients, 3 connected (connect 10, 20, 30 ms), 1 timed out. */
function tally(): RowTally {
  const rows = new RowTally();
  [10, 20, 30].forEach((connectMs, client) =>
    rows.add({ client, worker: 0, transport: 'ws', queuedMs: 1, connectMs, firstMessageMs: connectMs / 10, error: null }),
  );
  rows.add({ client: 3, worker: 0, transport: 'ws', queuedMs: 1, connectMs: null, firstMessageMs: null, error: 'timeout' });
  return rows;
}

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    identity: {
      transport: 'ws',
      variant: { socketioTransports: ['websocket'], sockjsTransports: ['websocket'], perMessageDeflate: false },
      stack: 'current',
      client: 'library',
      profile: null,
      mode: 'echo',
      label: null,
      target: null,
      shard: null,
    },
    injected: { delayMs: 0, retainKb: 0 },
    clients: 4,
    outcome: { status: 'partial', reason: '1 of 4 clients failed (1 timeout)', broken: false },
    tally: tally(),
    dropped: 0,
    serverSamples: [
      { tMs: 0, phase: 'baseline', rssBytes: 60 * MIB, cpuTimeMs: 100 },
      { tMs: 1000, phase: 'hold', rssBytes: 63 * MIB, cpuTimeMs: 140 },
      { tMs: 2000, phase: 'hold', rssBytes: 66 * MIB, cpuTimeMs: 150 },
      { tMs: 3000, phase: 'hold', rssBytes: 69 * MIB, cpuTimeMs: 160 },
    ],
    serverProcessRows: null,
    steadyTraffic: null,
    broadcast: null,
    loadGenerator: loadGeneratorHealth(
      { saturated: false, cpuPercent: 12.34, mainThreadBusyPercent: 50, eventLoopDelayMs: 3.21, eventLoopDelayP99Ms: 2.05 },
      2048,
    ),
    sourceAddresses: 1,
    rampMs: 1500,
    wallMs: 4000,
    resultsDir: 'results/x',
    idle: null,
    reconnection: null,
    storm: null,
    cluster: undefined,
    ...overrides,
  };
}

describe('assembleSummary', () => {
  it('counts the clients, takes the percentiles of the connected ones, and divides memory growth by the connections given', () => {
    const summary = assembleSummary(input());
    expect(summary).toMatchObject({ status: 'partial', clients: 4, connected: 3, failed: 1, errors: { timeout: 1 }, connectionsPerSecond: 2 });
    expect(summary.connectMs).toMatchObject({ p50: 20, max: 30 });
    expect(summary.server).toEqual({ baselineRssBytes: 60 * MIB, steadyRssBytes: 66 * MIB, peakRssBytes: 69 * MIB, bytesPerConnection: 2 * MIB, samples: 4 });
    // 40 ms of CPU from the baseline to the hold's first sample over 3 connections; 20 ms over the hold's 2 s.
    expect(summary.serverCpu).toEqual({ rampCpuMs: 40, cpuMsPerConnection: 13.333, holdCpuPercent: 1 });
    expect(summary.serverProcesses).toBeNull();
    expect(summary.loadGenerator).toMatchObject({
      maxCpuPercent: 12.3,
      maxEventLoopDelayMs: 3.2,
      maxEventLoopDelayP99Ms: 2.1,
      note: null,
      clientBytesPerConnection: 2048,
    });
    expect(Object.keys(summary.percentileIntervals ?? {})).toContain('connectMs.p99');
  });

  it('leaves per connection to bench merge in a shard of several, and the server null when nobody sampled it', () => {
    const shardOfTwo = input();
    shardOfTwo.identity = { ...shardOfTwo.identity, shard: { index: 0, count: 2 } };
    expect(assembleSummary(shardOfTwo).server?.bytesPerConnection).toBeNull();
    expect(assembleSummary(input({ sourceAddresses: 0 })).sourceAddresses).toBe(1);
    expect(assembleSummary(input({ serverSamples: null })).server).toBeNull();
    expect(assembleSummary(input({ serverSamples: [] })).server).toBeNull();
  });

  it('has no rate without a finished ramp, and a cluster field only for a topology', () => {
    const summary = assembleSummary(input({ rampMs: null }));
    expect(summary.connectionsPerSecond).toBeNull();
    expect('cluster' in summary).toBe(false);
    expect(summary).toMatchObject({ idle: null, reconnection: null, storm: null });
  });
});

describe('the summary fields table (docs/output-files.md, from bench/summary/summary-fields.ts)', () => {
  it("has a row for every field a summary holds, the server's included: a new figure without its row fails here", () => {
    const summary = assembleSummary(input({ cluster: {} as ClusterSummary }));
    const documented = new Set(SUMMARY_FIELDS.flatMap((row) => row.fields));
    const fields = [...Object.keys(summary), ...Object.keys(summary.server ?? {}).map((key) => `server.${key}`)];
    const undocumented = fields.filter((field) => !documented.has(field) && ![...documented].some((entry) => entry.startsWith(`${field}.`)));
    expect(undocumented).toEqual([]);
  });
});
