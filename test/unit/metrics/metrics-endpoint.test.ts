/** The endpoint of --metrics-port on a real loopback socket: fed known events, scraped with fetch, read as exposition text. */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsEndpoint, type MetricsEndpoint } from '../../../bench/metrics/metrics-endpoint.js';
import { BindError } from '../../../bench/errors.js';
import { ROUND_TRIP_BUCKETS_MS } from '../../../protocol/messages.js';
import type { SampleRow } from '../../../bench/results/file-rows.js';
import { connectionRow } from '../../helpers/fake-workers.js';

const RUN = { runId: 'run-1', transport: 'ws' as const, clients: 3 };
const LABELS = 'transport="ws",run_id="run-1"';

let endpoint: MetricsEndpoint | null = null;
afterEach(async () => {
  await endpoint?.close();
  endpoint = null;
});

async function scrape(): Promise<string> {
  if (endpoint === null) throw new Error('no endpoint');
  const response = await fetch(endpoint.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/openmetrics-text');
  return response.text();
}

function sample(overrides: Partial<SampleRow>): SampleRow {
  return {
    tMs: 0,
    connections: 2,
    rssBytes: 50_000_000,
    heapUsedBytes: 8_000_000,
    externalBytes: null,
    cpuPercent: 25,
    cpuTimeMs: 100,
    processes: 1,
    phase: 'hold',
    ...overrides,
  };
}

function progress(succeeded: number, dropped: number) {
  return {
    type: 'progress' as const,
    phase: 'hold' as const,
    clients: 3,
    opened: 3,
    succeeded,
    failed: 1,
    dropped,
    reconnecting: 0,
    elapsedMs: 1000,
    holdRemainingMs: 500,
  };
}

describe('startMetricsEndpoint', () => {
  it('serves nothing of a run before it begins, on 127.0.0.1 at /metrics', async () => {
    endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0 });
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await scrape()).trim()).toBe('# EOF');
    expect((await fetch(endpoint.url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('shows the clients, phase, latencies, server and workers it was fed', async () => {
    endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0 });
    const { metrics } = endpoint;
    metrics.begin(RUN);
    metrics.onEvent({ type: 'phase', phase: 'hold' });
    metrics.rows([
      { ...connectionRow(0, 0, null), connectMs: 3, firstMessageMs: 0.7 },
      { ...connectionRow(1, 0, null), connectMs: 30, firstMessageMs: 2 },
      connectionRow(2, 0, 'http-401: invalid token'),
    ]);
    metrics.onEvent(progress(2, 1));
    metrics.sample(sample({ cpuTimeMs: 100 }));
    metrics.sample(sample({ rssBytes: 60_000_000, cpuTimeMs: 350 }));
    metrics.health(0, { cpuPercent: 40, mainThreadBusyPercent: 50, eventLoopDelayP50Ms: 1, eventLoopDelayP99Ms: 12, eventLoopDelayMaxMs: 20 }, false);
    metrics.health(1, { cpuPercent: 99, mainThreadBusyPercent: 99, eventLoopDelayP50Ms: 1, eventLoopDelayP99Ms: 3, eventLoopDelayMaxMs: 5 }, true);
    const text = await scrape();
    expect(text).toContain(`bench_phase{phase="hold",${LABELS}} 1`);
    expect(text).toContain(`bench_phase{phase="ramp",${LABELS}} 0`);
    expect(text).toContain(`bench_clients_planned{${LABELS}} 3`);
    expect(text).toContain(`bench_clients_connected{${LABELS}} 2`);
    expect(text).toContain(`bench_clients_dropped{${LABELS}} 1`);
    expect(text).toContain(`bench_clients_failed{code="http-401",${LABELS}} 1`);
    expect(text).toContain(`bench_connect_seconds_bucket{le="0.005",${LABELS}} 1`);
    expect(text).toContain(`bench_connect_seconds_bucket{le="0.05",${LABELS}} 2`);
    expect(text).toContain(`bench_connect_seconds_count{${LABELS}} 2`);
    expect(text).toContain(`bench_first_message_seconds_bucket{le="0.001",${LABELS}} 1`);
    expect(text).toContain(`bench_server_rss_bytes{${LABELS}} 60000000`);
    expect(text).toContain(`bench_server_heap_used_bytes{${LABELS}} 8000000`);
    expect(text).toContain(`bench_server_cpu_ratio{${LABELS}} 0.25`);
    expect(text).toContain(`bench_server_cpu_seconds_total{${LABELS}} 0.35`);
    expect(text).toContain(`bench_worker_cpu_ratio{worker="1",${LABELS}} 0.99`);
    expect(text).toContain(`bench_worker_event_loop_delay_p99_seconds{worker="0",${LABELS}} 0.012`);
    expect(text).toContain(`bench_load_generator_saturated{${LABELS}} 1`);
    // No steady traffic was fed: no round-trip series at all rather than an empty one.
    expect(text).not.toContain('bench_round_trip_seconds');
    expect(text.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('leaves out the heap and the server entirely when nothing reports them', async () => {
    endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0 });
    endpoint.metrics.begin(RUN);
    expect(await scrape()).not.toContain('bench_server_');
    endpoint.metrics.sample(sample({ heapUsedBytes: null }));
    const text = await scrape();
    expect(text).toContain('bench_server_rss_bytes');
    expect(text).not.toContain('bench_server_heap_used_bytes');
  });

  it('counts round trips into exact buckets with an exact sum', async () => {
    endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0 });
    endpoint.metrics.begin(RUN);
    const counts = new Array<number>(ROUND_TRIP_BUCKETS_MS.length + 1).fill(0);
    const sumsMs = new Array<number>(ROUND_TRIP_BUCKETS_MS.length + 1).fill(0);
    // Bucket 1 is (0.5 ms, 1 ms]: two round trips of 0.8 and 1 ms; the last bucket one of 20 s.
    counts[1] = 2;
    sumsMs[1] = 1.8;
    counts[ROUND_TRIP_BUCKETS_MS.length] = 1;
    sumsMs[ROUND_TRIP_BUCKETS_MS.length] = 20_000;
    endpoint.metrics.roundTrips({ counts, sumsMs });
    const text = await scrape();
    expect(text).toContain(`bench_round_trip_seconds_bucket{le="0.0005",${LABELS}} 0`);
    expect(text).toContain(`bench_round_trip_seconds_bucket{le="0.001",${LABELS}} 2`);
    expect(text).toContain(`bench_round_trip_seconds_bucket{le="10",${LABELS}} 2`);
    expect(text).toContain(`bench_round_trip_seconds_bucket{le="+Inf",${LABELS}} 3`);
    const sum = Number(/bench_round_trip_seconds_sum\{[^}]*\} (\S+)/.exec(text)?.[1]);
    expect(sum).toBeCloseTo(20.0018, 9);
  });

  it('starts each run of a repeat afresh under its own run id', async () => {
    endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0 });
    endpoint.metrics.begin(RUN);
    endpoint.metrics.rows([connectionRow(0, 0, 'timeout')]);
    endpoint.metrics.begin({ ...RUN, runId: 'run-2' });
    const text = await scrape();
    expect(text).not.toContain('run-1');
    expect(text).toContain('bench_clients_planned{transport="ws",run_id="run-2"} 3');
    expect(text).not.toContain('code="timeout"');
  });

  it('refuses a port in use with a BindError naming --metrics-port', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const error = await startMetricsEndpoint({ host: '127.0.0.1', port }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BindError);
      expect((error as BindError).exitCode).toBe(2);
      expect((error as BindError).message).toBe(`--metrics-port ${port} is already in use on 127.0.0.1; pick another port or 0 for any free one`);
    } finally {
      taken.close();
    }
  });
});
