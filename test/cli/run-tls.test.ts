/**
 * TLS both ways through the real CLI: bench's own servers with --tls (every transport, and TLS ended
 * at nginx and HAProxy in front of two nodes), and clients against a TLS server bench did not start,
 * whose certificate they trust (--ca), do not trust (a failed client with the certificate error) or
 * do not check (--insecure).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import { makeRunCertificate } from '../../bench/run/run-certificate.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';
import type { RunConfig } from '../../bench/config/run-config.js';
import { echoServerOptions } from '../helpers/echo-server-options.js';
import { startEchoServer, type RunningEchoServer } from '../../servers/echo-server.js';
import { serverUrl, TRANSPORT_NAMES, type TransportName } from '../../protocol/transports.js';
import { freshDir, onlyRunDir, readCsv, runCli } from '../helpers/cli.js';
import { runMarked } from '../helpers/cluster-run.js';

interface RunFolder {
  dir: string;
  files: string[];
  config: RunConfig;
  url: string;
  summary: RunSummary;
  errors: string[];
}

function runFolder(cwd: string): RunFolder {
  const dir = onlyRunDir(path.join(cwd, 'results'));
  const runJson = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as { config: RunConfig; server: { url: string } | null; summary: RunSummary };
  const errors = readCsv(path.join(dir, 'connections.csv')).map((row) => row.error ?? '');
  return { dir, files: readdirSync(dir), config: runJson.config, url: runJson.server?.url ?? '', summary: runJson.summary, errors };
}

/** No private key is left anywhere in the run folder. */
function expectNoKey(folder: RunFolder): void {
  for (const file of folder.files.filter((name) => name.endsWith('.pem') || name.endsWith('.json') || name.endsWith('.conf') || name.endsWith('.cfg'))) {
    expect(readFileSync(path.join(folder.dir, file), 'utf8'), file).not.toContain('PRIVATE KEY');
  }
}

async function run(args: string[]): Promise<{ code: number | null; stderr: string; folder: RunFolder }> {
  const cwd = freshDir();
  const result = await runCli(['run', '--quiet', '--hold', '0', ...args], { cwd });
  return { code: result.code, stderr: result.stderr, folder: runFolder(cwd) };
}

describe('bench run --tls', () => {
  it.each(TRANSPORT_NAMES)("%s: serves TLS, every client connects trusting the run's CA, and run.json says wss/https and keeps no key", async (transport) => {
    const { code, stderr, folder } = await run(['-t', transport, '-c', '6', '--tls']);
    expect(code, stderr).toBe(0);
    expect(folder.summary.connected).toBe(6);
    expect(folder.url).toMatch(transport === 'ws' ? /^wss:\/\/127\.0\.0\.1:\d+\/$/ : /^https:\/\/127\.0\.0\.1:\d+/);
    expect(folder.config.tls).toEqual({ serve: true, trust: 'run-ca', caFile: null });
    expect(readFileSync(path.join(folder.dir, 'ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
    expectNoKey(folder);
  });
});

describe('clients against a TLS server bench did not start', () => {
  const dir = freshDir('bench-tls-fixture-');
  const caFile = path.join(dir, 'team-ca.pem');
  const servers = new Map<TransportName, RunningEchoServer>();
  const url = (transport: TransportName): string => {
    const server = servers.get(transport) as RunningEchoServer;
    return serverUrl(transport, server.host, server.port, true);
  };

  beforeAll(async () => {
    // A server certificate signed by a CA the clients are not told about unless --ca names it.
    const { caPem, certPem, keyPem } = await makeRunCertificate();
    writeFileSync(caFile, caPem);
    for (const transport of TRANSPORT_NAMES) {
      servers.set(transport, await startEchoServer(echoServerOptions(transport, { tls: { certPem, keyPem } })));
    }
  });

  afterAll(async () => {
    await Promise.all([...servers.values()].map((server) => server.close()));
  });

  it.each([
    ['ws', []],
    ['socketio', ['--socketio-transports', 'polling']],
    ['sockjs', ['--sockjs-transports', 'xhr-streaming']],
  ] as Array<[TransportName, string[]]>)(
    '%s %s: a certificate the clients do not trust fails every client with the certificate error',
    async (transport, variant) => {
      const { code, folder } = await run(['-t', transport, '-c', '4', '--target', url(transport), ...variant, '--connect-timeout', '5']);
      expect(code).toBe(1);
      expect(folder.summary.connected).toBe(0);
      expect(folder.errors).toEqual(Array(4).fill('UNABLE_TO_VERIFY_LEAF_SIGNATURE'));
      expect(folder.config.tls).toEqual({ serve: false, trust: 'system', caFile: null });
    },
  );

  it.each([
    ['socketio', ['--insecure']],
    ['sockjs', ['--insecure']],
    ['ws', ['--ca']],
  ] as Array<[TransportName, string[]]>)('%s %s: connects every client', async (transport, trust) => {
    const flags = trust[0] === '--ca' ? ['--ca', caFile] : trust;
    const { code, stderr, folder } = await run(['-t', transport, '-c', '4', '--target', url(transport), ...flags]);
    expect(code, stderr).toBe(0);
    expect(folder.summary.connected).toBe(4);
    expect(folder.config.tls?.trust).toBe(trust[0] === '--ca' ? 'ca-file' : 'any');
  });

  it('a --ca that is not a PEM certificate is refused before anything starts: exit 2, one line naming the flag and the file', async () => {
    const result = await runCli(['run', '-t', 'ws', '-c', '1', '--target', url('ws'), '--ca', path.join(dir, 'nowhere.pem')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--ca');
    expect(result.stderr).toContain('nowhere.pem');
  });
});

const missing = ['redis-server', 'nginx', 'haproxy'].filter((binary) => findBinary(binary) === null);

describe.skipIf(missing.length > 0)('--tls --nodes 2: TLS ends at the load balancer', () => {
  it.each([
    ['nginx', 'socketio', ['--socketio-transports', 'polling,websocket']],
    ['haproxy', 'sockjs', []],
  ] as Array<[string, TransportName, string[]]>)(
    '%s in front of %s nodes: every client connects over https, the nodes stay plain, the key files are gone after',
    async (lb, transport, variant) => {
      const { result, cwd, left } = await runMarked(['-t', transport, ...variant, '-c', '10', '--nodes', '2', '--lb', lb, '--tls', '--hold', '0']);
      expect(result.code, result.stderr).toBe(0);
      expect(left).toEqual([]);
      const folder = runFolder(cwd);
      expect(folder.summary.connected).toBe(10);
      expect(folder.url).toMatch(/^https:\/\//);
      const config = readFileSync(path.join(folder.dir, lb === 'nginx' ? 'nginx.conf' : 'haproxy.cfg'), 'utf8');
      expect(config).toContain(lb === 'nginx' ? ' ssl reuseport' : ' ssl crt ');
      expect(config).toMatch(lb === 'nginx' ? /proxy_pass http:\/\// : /server node0 127\.0\.0\.1:\d+\n/);
      expect(folder.files.filter((name) => name.startsWith('lb-tls'))).toEqual([]);
      expectNoKey(folder);
    },
  );
});
