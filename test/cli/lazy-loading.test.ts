/** Commands load what they run only when they run: help must not pay for the engine, the servers or the client libraries. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../bench/project-root.js';
import { REDIS_MISSING, startTestRedis } from '../helpers/redis-server.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');
const LOGGER = path.join(PROJECT_ROOT, 'test', 'fixtures', 'log-module-loads.mjs');

/** The project-relative paths of every module `bench <args>` resolved. */
function modulesLoadedBy(args: string[]): string[] {
  const result = spawnSync(process.execPath, ['--import', LOGGER, CLI, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED file://'))
    .map((line) => path.relative(PROJECT_ROOT, new URL(line.slice('LOADED '.length)).pathname));
}

const HEAVY = [
  /^dist\/bench\/run\/run-engine\.js$/,
  /^dist\/bench\/report\//,
  /^dist\/servers\//,
  /^dist\/clients\//,
  /^node_modules\/(socket\.io|socket\.io-client|ws|sockjs|sockjs-client)(-2020)?\//,
  /^node_modules\/(hdr-histogram-js|pidusage|vega|vega-lite|@resvg|prom-client)\//,
  /^node_modules\/(redis|@redis|@socket\.io\/redis-adapter|@socket\.io\/redis-streams-adapter)\//,
];

describe('what a command loads', () => {
  it.each([
    [['--help']],
    [['run', '--help']],
    [['sweep', '--help']],
    [['merge', '--help']],
    [['compare', '--help']],
    [['capacity', '--help']],
    [['server', '--help']],
  ])('bench %j loads no engine, server, client or chart library', (args) => {
    const loaded = modulesLoadedBy(args);
    // The logger works: the program itself is among what it saw.
    expect(loaded).toContain('dist/bench/program.js');
    expect(loaded.filter((file) => HEAVY.some((pattern) => pattern.test(file)))).toEqual([]);
  });
});

describe('the live metrics', () => {
  // Anywhere under a node_modules: a worktree's may be a link to another checkout's.
  const PROM_CLIENT = /(^|\/)node_modules\/prom-client\//;
  const out = (): string => mkdtempSync(path.join(tmpdir(), 'bench-test-lazy-'));

  it('are not loaded by a run without --metrics-port', () => {
    const loaded = modulesLoadedBy(['run', '-t', 'ws', '-c', '1', '--hold', '0', '-q', '-o', out()]);
    expect(loaded).toContain('dist/bench/run/run-engine.js');
    expect(loaded.filter((file) => PROM_CLIENT.test(file) || file.startsWith('dist/bench/metrics/'))).toEqual([]);
  });

  it('are loaded by a run with it (so the check above can see them)', () => {
    const loaded = modulesLoadedBy(['run', '-t', 'ws', '-c', '1', '--hold', '0', '-q', '-o', out(), '--metrics-port', '0']);
    expect(loaded.some((file) => PROM_CLIENT.test(file))).toBe(true);
  });
});

describe("the file readers' libraries", () => {
  // zod (the result schemas) and yaml (scenario files): about 20 MiB and 150 ms in the run's main process, which the load generator's footprint counts.
  const READERS = /(^|\/)node_modules\/(zod|yaml)\//;
  const out = (): string => mkdtempSync(path.join(tmpdir(), 'bench-test-lazy-'));

  it('are not loaded by a run without --scenario, --baseline or --slo, and are by a scenario run', () => {
    const plain = modulesLoadedBy(['run', '-t', 'ws', '-c', '1', '--hold', '0', '-q', '-o', out()]);
    expect(plain).toContain('dist/bench/run/run-engine.js');
    expect(plain.filter((file) => READERS.test(file))).toEqual([]);
    const scenario = path.join(out(), 'scenario.yaml');
    writeFileSync(scenario, 'steps:\n  - think: 10ms\n');
    const withScenario = modulesLoadedBy(['run', '-t', 'ws', '-c', '1', '--hold', '0', '-q', '-o', out(), '--scenario', scenario]);
    expect(withScenario.some((file) => /node_modules\/yaml\//.test(file))).toBe(true);
    expect(withScenario.some((file) => /node_modules\/zod\//.test(file))).toBe(true);
  });
});

describe('the JUnit writer', () => {
  // 200 ms of CPU and 25 MiB in the run's main process, which the load generator's footprint counts.
  const JUNIT = /(^|\/)node_modules\/junit-report-builder\//;
  const out = (): string => mkdtempSync(path.join(tmpdir(), 'bench-test-lazy-'));

  it('is not loaded by a run without --junit, and is by a run with it', () => {
    const without = modulesLoadedBy(['run', '-t', 'ws', '-c', '1', '--hold', '0', '-q', '-o', out()]);
    expect(without).toContain('dist/bench/run/run-engine.js');
    expect(without.filter((file) => JUNIT.test(file))).toEqual([]);
    const withIt = modulesLoadedBy(['run', '-t', 'ws', '-c', '1', '--hold', '0', '-q', '-o', out(), '--junit', path.join(out(), 'junit.xml')]);
    expect(withIt.some((file) => JUNIT.test(file))).toBe(true);
  });
});

const REDIS_MODULES = /^node_modules\/(redis|@socket\.io\/redis-adapter)\//;

/** The modules a running `bench server <args>` resolved by the time it listens; then it is killed (how it stops is tested elsewhere). */
function modulesLoadedByServer(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', LOGGER, CLI, 'server', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let listening = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (listening || !chunk.includes('\n')) return;
      listening = true;
      // The logger's lines may trail the URL by a moment on Node 20, whose hooks run in another thread.
      setTimeout(() => child.kill('SIGKILL'), 300);
    });
    child.once('exit', (code) => {
      if (!listening) return reject(new Error(`bench server exited with ${code} before listening: ${stderr.slice(-500)}`));
      resolve(
        stderr
          .split('\n')
          .filter((line) => line.startsWith('LOADED file://'))
          .map((line) => path.relative(PROJECT_ROOT, new URL(line.slice('LOADED '.length)).pathname)),
      );
    });
  });
}

describe('the Redis client and the adapters', () => {
  it('are not loaded by a server without sync', async () => {
    const loaded = await modulesLoadedByServer(['-t', 'socketio', '--mode', 'broadcast']);
    expect(loaded.some((file) => file.startsWith('node_modules/socket.io/'))).toBe(true);
    expect(loaded.filter((file) => REDIS_MODULES.test(file))).toEqual([]);
  });

  it.skipIf(REDIS_MISSING !== null)('are loaded by a server with sync (so the check above can see them)', async () => {
    const redis = await startTestRedis();
    try {
      const loaded = await modulesLoadedByServer(['-t', 'socketio', '--mode', 'broadcast', '--redis-url', redis.url]);
      expect(loaded.filter((file) => REDIS_MODULES.test(file)).length).toBeGreaterThan(0);
    } finally {
      await redis.stop();
    }
  });
});
