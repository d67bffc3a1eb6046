/**
 * `bench run --metrics-port`: a real Prometheus scrapes the run's endpoint every second, and the
 * series are read back through Prometheus's HTTP API. A port in use stops the run before it starts.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, runCli } from '../helpers/cli.js';
import { isAlive } from '../helpers/processes.js';
import { freeLoopbackPort, PROMETHEUS_MISSING, startTestPrometheus, type TestPrometheus } from '../helpers/prometheus.js';

if (PROMETHEUS_MISSING) console.warn(PROMETHEUS_MISSING);

describe.skipIf(PROMETHEUS_MISSING !== null)('a run scraped by Prometheus', () => {
  let prometheus: TestPrometheus | null = null;
  let metricsPort = 0;

  beforeAll(async () => {
    metricsPort = await freeLoopbackPort();
    prometheus = await startTestPrometheus(`127.0.0.1:${metricsPort}`, 1);
  });

  afterAll(async () => {
    const pid = prometheus?.pid;
    await prometheus?.stop();
    if (pid !== undefined) expect(isAlive(pid)).toBe(false);
  });

  it('shows the clients connected, the server RSS and the phases, under the run id', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '50', '--hold', '6', '--metrics-port', String(metricsPort)], { cwd, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`metrics: http://127.0.0.1:${metricsPort}/metrics`);
    const runId = path.basename(onlyRunDir(path.join(cwd, 'results')));
    const api = prometheus as TestPrometheus;

    const connected = await api.query(`max_over_time(bench_clients_connected{run_id="${runId}"}[2m])`);
    expect(connected).toHaveLength(1);
    expect(connected[0]?.metric).toMatchObject({ transport: 'ws', run_id: runId, job: 'bench' });
    expect(Number(connected[0]?.value[1])).toBe(50);

    const rss = await api.queryRange(`bench_server_rss_bytes{run_id="${runId}"}`, 60, 1);
    expect(rss).toHaveLength(1);
    // Several scrapes of the hold, each with a real RSS.
    expect(rss[0]?.values.length).toBeGreaterThanOrEqual(3);
    for (const [, value] of rss[0]?.values ?? []) expect(Number(value)).toBeGreaterThan(0);

    const hold = await api.query(`max_over_time(bench_phase{run_id="${runId}",phase="hold"}[2m])`);
    expect(Number(hold[0]?.value[1])).toBe(1);
    const connects = await api.query(`max_over_time(bench_connect_seconds_count{run_id="${runId}"}[2m])`);
    expect(Number(connects[0]?.value[1])).toBe(50);
    const workers = await api.query(`max_over_time(bench_worker_cpu_ratio{run_id="${runId}"}[2m])`);
    expect(workers.length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('--metrics-port in use', () => {
  it('exits 2 with one line naming the flag, before anything starts', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const cwd = freshDir();
      const result = await runCli(['run', '-t', 'ws', '-c', '5', '--hold', '0', '--metrics-port', String(port)], { cwd, timeoutMs: 30_000 });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`--metrics-port ${port} is already in use on 127.0.0.1`);
      expect(existsSync(path.join(cwd, 'results'))).toBe(false);
    } finally {
      taken.close();
    }
  });
});
