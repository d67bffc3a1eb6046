/**
 * --stack with package specs: bench installs each spec with npm (from the registry .ci/run installs
 * from) into a cache folder outside the project once, loads the server and clients from it, and
 * records what was loaded. One cache per test file, so the installs are made here and reused here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, readJson, runCli } from '../helpers/cli.js';
import { startAgentProcess, writeTestToken, type AgentProcess } from '../helpers/agent.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';

const WS = 'ws@8.17.1';
const SOCKETIO = 'socket.io@3.1.2';
const SOCKETIO_ID = 'socket.io@3.1.2,socket.io-client@~3.1.0';
/** npm has minutes where the registry is slow; an install is still bounded. */
const INSTALL_TIMEOUT_MS = 180_000;

let cache: string;
const env = (): NodeJS.ProcessEnv => ({ XDG_CACHE_HOME: cache });

interface Libraries {
  stack: string;
  server: LoadedLibrary[];
  clients: LoadedLibrary[];
}

async function runWith(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const cwd = freshDir();
  const hold = args.includes('--hold') ? [] : ['--hold', '0'];
  const result = await runCli(['run', ...hold, '--workers', '1', ...args], { cwd, env: { ...env(), ...extraEnv }, timeoutMs: INSTALL_TIMEOUT_MS });
  const libraries = (): Libraries => readJson<{ libraries: Libraries }>(path.join(onlyRunDir(path.join(cwd, 'results')), 'run.json')).libraries;
  return { result, cwd, libraries };
}

const stacksRoot = (): string => path.join(cache, 'bench', 'stacks');

beforeAll(() => {
  cache = freshDir('bench-stack-cache-');
});

describe('--stack with package specs', { timeout: 2 * INSTALL_TIMEOUT_MS }, () => {
  it('installs ws@8.17.1 once into the cache, runs the server and clients on it, and says so in run.json; a second run installs nothing', async () => {
    const first = await runWith(['-t', 'ws', '-c', '5', '--stack', WS]);
    expect(first.result.code, first.result.stderr).toBe(0);
    expect(first.result.stderr).toContain(`installing --stack ${WS} with npm into ${path.join(stacksRoot(), WS)}`);
    const libraries = first.libraries();
    expect(libraries.stack).toBe(WS);
    for (const side of [libraries.server, libraries.clients]) {
      expect(side[0]).toEqual({ package: 'ws', module: 'ws', version: '8.17.1', from: path.join(stacksRoot(), WS) });
    }
    const record = JSON.parse(readFileSync(path.join(stacksRoot(), WS, 'bench-stack.json'), 'utf8')) as { installedAt: string; versions: object };
    expect(record.versions).toEqual({ ws: '8.17.1' });

    const second = await runWith(['-t', 'ws', '-c', '5', '--stack', WS]);
    expect(second.result.code, second.result.stderr).toBe(0);
    expect(second.result.stderr).not.toContain('installing');
    expect(JSON.parse(readFileSync(path.join(stacksRoot(), WS, 'bench-stack.json'), 'utf8'))).toEqual(record);
  });

  it('drives socket.io 3.1 (Engine.IO 4, sockets in a Map) with its own client and with the wire client', async () => {
    for (const client of ['library', 'wire']) {
      const run = await runWith(['-t', 'socketio', '-c', '5', '--messages-per-second', '4', '--hold', '1', '--client', client, '--stack', SOCKETIO]);
      expect(run.result.code, run.result.stderr).toBe(0);
      const { server, clients } = run.libraries();
      expect(server.map((library) => `${library.package}@${library.version}`)).toEqual(expect.arrayContaining(['socket.io@3.1.2']));
      if (client === 'library') expect(clients[0]).toMatchObject({ package: 'socket.io-client', version: expect.stringMatching(/^3\.1\./) });
    }
  });

  it("--per-message-deflate library leaves deflate to each release's default: socket.io 2.3's server deflates, 2.4's does not", async () => {
    // Messages above deflate's 1 KiB threshold, so a server that deflates holds a zlib context per connection.
    const perConnection = async (stack: string): Promise<number> => {
      const run = await runWith([
        '-t',
        'socketio',
        '-c',
        '100',
        '--payload-bytes',
        '2048',
        '--per-message-deflate',
        'library',
        '--hold',
        '1',
        '--stack',
        stack,
      ]);
      expect(run.result.code, run.result.stderr).toBe(0);
      expect(run.result.stderr).toContain("per-message deflate as each library's default");
      const runJson = readJson<{ summary: { variant: { perMessageDeflate: unknown }; server: { bytesPerConnection: number } } }>(
        path.join(onlyRunDir(path.join(run.cwd, 'results')), 'run.json'),
      );
      expect(runJson.summary.variant.perMessageDeflate).toBe('library');
      return runJson.summary.server.bytesPerConnection;
    };
    const deflating = await perConnection('socket.io@2.3.0');
    const plain = await perConnection('socket.io@2.4.0');
    // A ratio of two runs side by side, not an absolute figure: about 7x on the project's machine.
    expect(deflating).toBeGreaterThan(3 * plain);
  });

  it("refuses an unknown version with npm's own words (exit 2), and leaves no half install behind", async () => {
    const { result } = await runWith(['-t', 'ws', '-c', '1', '--stack', 'ws@99.0.0']);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^bench: --stack ws@99\.0\.0: npm could not install it: .*No matching version found for ws@99\.0\.0/);
    expect(result.stderr).not.toMatch(/\s+at /);
    expect(readdirSync(stacksRoot()).filter((name) => name.includes('99') || name.startsWith('.installing'))).toEqual([]);
  });

  it('says offline is offline: npm cannot reach its registry, exit 2 naming the spec', async () => {
    const { result } = await runWith(['-t', 'ws', '-c', '1', '--stack', 'ws@8.16.0'], {
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: freshDir('bench-empty-npm-cache-'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^bench: --stack ws@8\.16\.0: npm could not install it: .*(ECONNREFUSED|request to http:\/\/127\.0\.0\.1:9)/,
    );
    expect(existsSync(path.join(stacksRoot(), 'ws@8.16.0'))).toBe(false);
  });

  it('refuses, in one line, a release older than the drivers were written for', async () => {
    const { result } = await runWith(['-t', 'ws', '-c', '1', '--stack', 'ws@2.3.1']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      "bench: --stack ws@2.3.1: ws 2.3.1 is older than bench's drivers (ws 3.0 and later): on ws 1 and 2 (tried: 1.1.5, 2.3.1) no client of bench connects; pick a later release",
    );
  });

  it("refuses a socket.io-client 2 alone against bench's socket.io 4 server, which would refuse its Engine.IO 3", async () => {
    const { result } = await runWith(['-t', 'socketio', '-c', '1', '--stack', 'socket.io-client@2.4.0']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^bench: --stack socket\.io-client@2\.4\.0: socket\.io-client 2\.4\.0 speaks Engine\.IO 3, which the server bench would start \(socket\.io 4\.\d+\.\d+\) refuses; add socket\.io@2 to the stack, or point the clients at your server with --target$/,
    );
  });

  it('refuses a stack that has nothing of the transport before installing anything', async () => {
    const { result } = await runWith(['-t', 'socketio', '-c', '1', '--stack', 'ws@8.16.0']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "bench: --stack ws@8.16.0 names no socket.io or socket.io-client, so --transport socketio would run bench's own; add socket.io@<version> to the stack or pick its transport",
    );
    expect(existsSync(path.join(stacksRoot(), 'ws@8.16.0'))).toBe(false);
  });
});

describe('stacks as a dimension: bench sweep --stacks and bench compare --across-stacks', { timeout: 2 * INSTALL_TIMEOUT_MS }, () => {
  it('runs each stack for the transports it serves, and compare judges one stack against the other from the one sweep folder', async () => {
    const cwd = freshDir();
    // --stack-cache, not XDG_CACHE_HOME: the sweep installs there and its cells load from there.
    const sweepCache = freshDir('bench-sweep-stack-cache-');
    const sweep = await runCli(
      [
        'sweep',
        '--transports',
        'ws,socketio',
        '--stacks',
        `current,${WS}`,
        '--stack-cache',
        sweepCache,
        '-c',
        '10',
        '--hold',
        '0',
        '--workers',
        '1',
        '--quiet',
      ],
      { cwd, env: env(), timeoutMs: INSTALL_TIMEOUT_MS },
    );
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(existsSync(path.join(sweepCache, WS, 'bench-stack.json'))).toBe(true);
    const sweepDir = onlyRunDir(path.join(cwd, 'results'));
    const manifest = readJson<{ grid: { stacks: string[] }; cells: Array<{ transport: string; stack: string; status: string; runDir: string }> }>(
      path.join(sweepDir, 'sweep.json'),
    );
    expect(manifest.grid.stacks).toEqual(['current', WS]);
    expect(manifest.cells.map((cell) => `${cell.transport}:${cell.stack}:${cell.status}`)).toEqual(['ws:current:ok', 'socketio:current:ok', `ws:${WS}:ok`]);
    const cellLibraries = readJson<{ libraries: Libraries }>(path.join(sweepDir, manifest.cells[2]?.runDir ?? 'missing', 'run.json')).libraries;
    expect(cellLibraries.server[0]?.from).toBe(path.join(sweepCache, WS));
    expect(readFileSync(path.join(sweepDir, 'summary.csv'), 'utf8')).toContain(`,${WS},`);

    const compare = await runCli(['compare', sweepDir, '--across-stacks', `current,${WS}`, '--json'], { cwd, env: env() });
    // The ws cell is judged across the stacks; the socketio cell, which ws@8.17.1 does not serve, is a check that did not happen (4).
    expect(compare.code, compare.stderr).toBe(4);
    const report = JSON.parse(compare.stdout) as { cells: Array<{ key: string; figures: unknown[] }>; onlyInBaseline: string[]; notes: string[] };
    expect(report.cells.map((cell) => cell.key)).toEqual(['ws/websocket/10']);
    expect(report.cells[0]?.figures.length).toBeGreaterThan(0);
    expect(report.onlyInBaseline).toEqual(['socketio/websocket/10']);
    expect(report.notes.join('\n')).toContain(`the sides differ in settings: stack (baseline "current", current "${WS}")`);

    // Without --across-stacks the stacks are different cells: one folder alone is not a comparison.
    const refused = await runCli(['compare', sweepDir], { cwd, env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('one folder alone is judged only with --across-stacks');
  });
});

describe('a spec stack through bench agent', { timeout: 2 * INSTALL_TIMEOUT_MS }, () => {
  let agent: AgentProcess;
  let agentCache: string;
  let token: { file: string; token: string };
  beforeAll(async () => {
    agentCache = freshDir('bench-agent-stack-cache-');
    token = writeTestToken();
    agent = await startAgentProcess(['--port', '0', '--token-file', token.file], { env: { XDG_CACHE_HOME: agentCache } });
  });
  afterAll(async () => {
    await agent.stop();
  });

  it('the agent installs the stack on its box, into its own cache, and its server loads it from there', async () => {
    const run = await runWith(['-t', 'socketio', '-c', '5', '--stack', SOCKETIO, '--agent', agent.url, '--token-file', token.file]);
    expect(run.result.code, run.result.stderr).toBe(0);
    const { server, clients } = run.libraries();
    expect(server[0]).toMatchObject({ package: 'socket.io', version: '3.1.2', from: path.join(agentCache, 'bench', 'stacks', SOCKETIO_ID) });
    // The workstation's clients come from the workstation's cache.
    expect(clients[0]?.from).toBe(path.join(stacksRoot(), SOCKETIO_ID));
  });
});
