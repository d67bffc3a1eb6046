/**
 * A real Prometheus server for tests (Debian's `prometheus`, which .ci/run installs): a temporary
 * folder with a config that scrapes one target, on a free loopback port, stopped by the test.
 * Tests that need one skip with a one-line reason where the binary is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary } from '../../bench/cluster/external-process.js';

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5000;

/** Where the binary is, or null. */
export const PROMETHEUS_BINARY = findBinary('prometheus');

/** Why Prometheus tests are skipped here, or null when they run. */
export const PROMETHEUS_MISSING =
  PROMETHEUS_BINARY === null ? 'prometheus is not installed (apt-get install prometheus); the live-metrics scrape test is skipped' : null;

/** A port free on 127.0.0.1 now (the OS's choice). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One sample of a query_range or query answer: [unix seconds, value as text]. */
export type PromPoint = [number, string];

/** A running Prometheus. */
export interface TestPrometheus {
  url: string;
  pid: number;
  /** An instant query's vector: each series' labels and value. */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: PromPoint }>>;
  /** A range query's matrix, one step per `stepSeconds`, over the last `seconds`. */
  queryRange(promql: string, seconds: number, stepSeconds: number): Promise<Array<{ metric: Record<string, string>; values: PromPoint[] }>>;
  /** SIGTERM, SIGKILL if it lingers; resolves once it has exited, its folder removed. */
  stop(): Promise<void>;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`prometheus: ${body.error ?? response.status}`);
  return body.data;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${output().slice(-800)}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus not ready within ${READY_TIMEOUT_MS / 1000} s: ${output().slice(-800)}`);
}

/**
 * Waits for the first scrape (the target is down until bench listens): Prometheus hands new
 * targets to its scrapers only every 5 s, so a run started at "ready" would lose its first seconds.
 */
async function waitUntilScraped(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const targets = await api<{ activeTargets: Array<{ health: string }> }>(`${url}/api/v1/targets`);
    if (targets.activeTargets.some((target) => target.health !== 'unknown')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus did not scrape its target within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Starts Prometheus scraping http://`target`/metrics every `intervalSeconds` (evaluation too). */
export async function startTestPrometheus(target: string, intervalSeconds: number): Promise<TestPrometheus> {
  if (PROMETHEUS_BINARY === null) throw new Error(PROMETHEUS_MISSING ?? 'prometheus missing');
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-test-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${intervalSeconds}s`,
      `  evaluation_interval: ${intervalSeconds}s`,
      'scrape_configs:',
      '  - job_name: bench',
      `    scrape_timeout: ${intervalSeconds}s`,
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BINARY,
    [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output);
    await waitUntilScraped(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid as number,
    query: (promql) => api(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`).then((data) => (data as { result: never }).result),
    queryRange: (promql, seconds, stepSeconds) => {
      const end = Date.now() / 1000;
      const params = new URLSearchParams({ query: promql, start: String(end - seconds), end: String(end), step: String(stepSeconds) });
      return api(`${url}/api/v1/query_range?${params.toString()}`).then((data) => (data as { result: never }).result);
    },
    stop,
  };
}
