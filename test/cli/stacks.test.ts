/**
 * Every echo server and client of both library stacks, every variant, over real sockets on
 * 127.0.0.1 port 0; and the versions run.json records, read from the modules the processes loaded.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STACKS, type LibraryPackage, type PinnedStackName } from '../../protocol/stacks.js';
import { unsupportedOnThisNode } from '../../protocol/stack-traits.js';
import { serverUrl, TRANSPORTS, type TransportName, type TransportVariant } from '../../protocol/transports.js';
import { CLIENT_DRIVER_LOADERS } from '../../clients/index.js';
import { echoServerOptions } from '../helpers/echo-server-options.js';
import { startEchoServer, type RunningEchoServer } from '../../servers/echo-server.js';
import { freshDir, PROJECT_ROOT, runCli } from '../helpers/cli.js';

const running: RunningEchoServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const requireHere = createRequire(path.join(PROJECT_ROOT, 'package.json'));
const installedVersion = (moduleName: string): string => (requireHere(`${moduleName}/package.json`) as { version: string }).version;

/** Every variant a run can ask of each transport. */
const VARIANTS: Array<[TransportName, Partial<TransportVariant>]> = [
  ['ws', {}],
  ['ws', { perMessageDeflate: true }],
  ['socketio', { socketioTransports: ['websocket'] }],
  ['socketio', { socketioTransports: ['polling'] }],
  ['socketio', { socketioTransports: ['polling', 'websocket'] }],
  ['socketio', { socketioTransports: ['polling', 'websocket'], perMessageDeflate: true }],
  ['sockjs', { sockjsTransports: ['websocket'] }],
  ['sockjs', { sockjsTransports: ['xhr-streaming'] }],
  ['sockjs', { sockjsTransports: ['xhr-polling'] }],
  ['sockjs', { sockjsTransports: ['websocket', 'xhr-streaming', 'xhr-polling'] }],
];

const CASES = (['2020', 'current'] as PinnedStackName[]).flatMap((stack) => VARIANTS.map(([transport, variant]) => ({ stack, transport, variant })));

async function echoOnce(stack: PinnedStackName, transport: TransportName, variant: Partial<TransportVariant>, url: string, message: string): Promise<string> {
  const { value: driver } = await CLIENT_DRIVER_LOADERS[transport](stack);
  const options = {
    socketioTransports: variant.socketioTransports ?? ['websocket'],
    sockjsTransports: variant.sockjsTransports ?? ['websocket'],
    perMessageDeflate: variant.perMessageDeflate ?? false,
    connectTimeoutMs: 10_000,
    localAddress: undefined,
  };
  return new Promise((resolve, reject) => {
    const connection = driver.connect(url, options, {
      onOpen: () => connection.send(message),
      onMessage: (reply) => {
        resolve(reply);
        connection.close();
      },
      onEnd: (code) => reject(new Error(`client ended: ${code}`)),
    });
  });
}

describe.each(CASES)('stack $stack: $transport $variant', ({ stack, transport, variant }) => {
  // The 2020 sockjs server cannot load on Node 24; bench refuses it there (tested below), so there is nothing to echo.
  it.skipIf(unsupportedOnThisNode(stack, transport) !== null)('echoes a message unchanged through the server and client of that stack', async () => {
    const options = echoServerOptions(transport, { stack, perMessageDeflate: variant.perMessageDeflate ?? false });
    const server = await startEchoServer(options);
    running.push(server);
    // Larger than the deflate threshold, so a deflate variant really compresses.
    const message = `hello ${stack} ${'x'.repeat(2048)}`;
    expect(await echoOnce(stack, transport, variant, serverUrl(transport, '127.0.0.1', server.port), message)).toBe(message);
    const serverPackage = TRANSPORTS[transport].serverPackage as LibraryPackage;
    expect(server.libraries[0]).toEqual({
      package: serverPackage,
      module: STACKS[stack].modules[serverPackage],
      version: installedVersion(STACKS[stack].modules[serverPackage]),
    });
  });
});

describe('the versions in run.json', () => {
  const temporary = mkdtempSync(path.join(os.tmpdir(), 'bench-stack-'));
  afterAll(() => rmSync(temporary, { recursive: true, force: true }));

  it('are read from the package.json of the modules the server and the clients loaded', async () => {
    // An install where ws-2020 is a copy whose package.json says 7.2.1-probe: no table knows that version.
    const modules = path.join(temporary, 'install', 'node_modules');
    mkdirSync(modules, { recursive: true });
    for (const moduleName of Object.values(STACKS['2020'].modules)) {
      const real = path.dirname(requireHere.resolve(`${moduleName}/package.json`));
      if (moduleName === 'ws-2020') cpSync(real, path.join(modules, moduleName), { recursive: true });
      else symlinkSync(real, path.join(modules, moduleName), 'dir');
    }
    const manifestFile = path.join(modules, 'ws-2020', 'package.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), version: '7.2.1-probe' }));

    const result = await runCli(['run', '-t', 'ws', '-c', '4', '--hold', '0', '--stack', '2020', '--json', '-q'], {
      cwd: temporary,
      env: { BENCH_LIBRARY_ROOT: path.join(temporary, 'install') },
    });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { resultsDir: string; stack: string };
    expect(summary.stack).toBe('2020');
    const runJson = JSON.parse(readFileSync(path.join(temporary, summary.resultsDir, 'run.json'), 'utf8')) as { libraries: unknown; config: { stack: string } };
    const probe = [{ package: 'ws', module: 'ws-2020', version: '7.2.1-probe' }];
    expect(runJson.libraries).toEqual({ stack: '2020', server: probe, clients: probe });
    expect(runJson.config.stack).toBe('2020');
  });
});

describe.runIf(unsupportedOnThisNode('2020', 'sockjs') !== null)('the 2020 sockjs server on a Node without http_parser', () => {
  it('is refused in one line that says why and what to run it with', async () => {
    const result = await runCli(['run', '-t', 'sockjs', '-c', '5', '--stack', '2020'], { timeoutMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`bench: ${unsupportedOnThisNode('2020', 'sockjs') ?? ''}`);
    const server = await runCli(['server', '-t', 'sockjs', '--stack', '2020'], { timeoutMs: 20_000 });
    expect(server.code).toBe(1);
    expect(server.stderr).toContain('run it with Node 20');
    const cwd = freshDir();
    const sweep = await runCli(['sweep', '--profile', 'study-2020', '--transports', 'ws,sockjs', '-c', '5'], { cwd, timeoutMs: 20_000 });
    expect(sweep.code).toBe(1);
    expect(sweep.stderr).toContain('run it with Node 20');
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  });
});
