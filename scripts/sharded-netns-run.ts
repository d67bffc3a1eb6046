/**
 * The sharded path at scale, by hand (not part of `npm test`; needs root and `ip netns`): a ws
 * echo server in one network namespace (spread over --server-processes sharing one port when one
 * process's open-file limit cannot hold every connection), --shards load generators in as many
 * others, each `bench run --shard i/n`, then `bench merge`, and the merged figures checked against
 * the union of the shards' rows. With --agent the box runs `bench agent` instead: shard 0 starts
 * the server through it and samples it, the others join it (one server process). Run it after
 * `npm run build`:
 *
 *   node dist/scripts/sharded-netns-run.js [--shards 3] [--clients 30000] [--server-processes 2] [--agent] [--workers 2] [--hold 5] [--lead 20] [--out DIR]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../bench/project-root.js';
import { readCsvFile } from '../bench/results/csv-reader.js';
import { CONNECTIONS_CSV, runFilePath } from '../bench/results/run-folder.js';
import { percentiles } from '../bench/stats/stats.js';
import { createHosts, inNamespace, whyNoNamespaces, type NetnsHosts } from './netns-hosts.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');
const CLUSTER_SERVER = path.join(PROJECT_ROOT, 'dist', 'scripts', 'cluster-echo-server.js');

/** The box's process (the cluster server or bench agent) and the flags that point a shard at it. */
interface Box {
  child: ChildProcess;
  serverArgs: string[];
  describe: string;
}

/** Starts the box's process in its namespace and waits for the URL it prints. */
async function startBox(hosts: NetnsHosts, out: string): Promise<Box> {
  const command = values.agent
    ? [CLI, 'agent', '--host', '0.0.0.0', '--port', '0', '--token-file', path.join(out, 'agent.token')]
    : [CLUSTER_SERVER, values['server-processes'] as string, '0.0.0.0'];
  if (values.agent) writeFileSync(path.join(out, 'agent.token'), `sharded-netns-run-${process.pid}-${Date.now()}\n`, { mode: 0o600 });
  const child = spawn('ip', [...inNamespace(hosts.box).slice(1), process.execPath, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve) => child.stdout?.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk.trim())));
  const reachable = url.replace('0.0.0.0', hosts.boxAddress);
  return values.agent
    ? { child, serverArgs: ['--agent', reachable, '--token-file', path.join(out, 'agent.token')], describe: `bench agent ${reachable}` }
    : { child, serverArgs: ['--target', reachable], describe: `server ${reachable} (${values['server-processes']} processes)` };
}

const { values } = parseArgs({
  options: {
    shards: { type: 'string', default: '3' },
    clients: { type: 'string', default: '30000' },
    'server-processes': { type: 'string', default: '2' },
    agent: { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    hold: { type: 'string', default: '5' },
    /** Seconds from now to the common start. */
    lead: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
const shards = Number(values.shards);
const clients = Number(values.clients);
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'bench-sharded-'));
mkdirSync(out, { recursive: true });

function run(command: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function only(dir: string): string {
  const [entry] = readdirSync(dir);
  return path.join(dir, entry as string);
}

async function main(): Promise<void> {
  const tag = String(process.pid % 10_000);
  const why = whyNoNamespaces(tag);
  if (why !== null) throw new Error(`cannot make network namespaces here: ${why}`);
  const hosts = createHosts(tag, shards, 99);
  const box = await startBox(hosts, out);
  let serverLog = '';
  box.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (serverLog += chunk));
  try {
    const startAt = new Date(Date.now() + Number(values.lead) * 1000).toISOString();
    console.log(
      `${box.describe} in ${hosts.box}; ${shards} shards x ${clients / shards} clients from ${hosts.generators.map((g) => g.address).join(', ')}; start at ${startAt}; files in ${out}`,
    );
    const results = await Promise.all(
      hosts.generators.map(({ namespace }, index) =>
        run(
          [
            ...inNamespace(namespace),
            process.execPath,
            CLI,
            'run',
            '-t',
            'ws',
            '-c',
            String(clients),
            '--shard',
            `${index}/${shards}`,
            ...box.serverArgs,
            '--start-at',
            startAt,
            '--hold',
            values.hold as string,
            '-w',
            values.workers as string,
            '-o',
            `shard-${index}`,
            '--json',
            '--quiet',
          ],
          out,
        ),
      ),
    );
    results.forEach((result, index) => {
      const summary = JSON.parse(result.stdout || '{}') as Record<string, unknown>;
      console.log(
        `shard ${index}: exit ${result.code}, status ${String(summary.status)}, connected ${String(summary.connected)} of ${String(summary.clients)}, ramp ${String(summary.rampMs)} ms, connectMs ${JSON.stringify(summary.connectMs)}, load generator ${JSON.stringify(summary.loadGenerator)}`,
      );
      if (result.code !== 0) console.log(result.stderr.trim());
    });
    const shardDirs = hosts.generators.map((_, index) => only(path.join(out, `shard-${index}`)));
    const merged = await run([process.execPath, CLI, 'merge', ...shardDirs, '--out', 'merged', '--json'], out);
    console.log(`merge: exit ${merged.code}\n${merged.stderr.trim()}`);
    const summary = JSON.parse(merged.stdout) as Record<string, unknown>;

    const shardRows = shardDirs.flatMap((dir) => readCsvFile(runFilePath(dir, CONNECTIONS_CSV)) ?? []);
    const mergedRows = readCsvFile(runFilePath(only(path.join(out, 'merged')), CONNECTIONS_CSV)) ?? [];
    const distinct = new Set(mergedRows.map((row) => row.client)).size;
    const times = (column: string): number[] => shardRows.filter((row) => row.error === '').map((row) => Number(row[column]));
    const union = {
      connectMs: percentiles(times('connectMs')),
      firstMessageMs: percentiles(times('firstMessageMs')),
      queuedMs: percentiles(times('queuedMs')),
    };
    if (summary.server) console.log(`merged server: ${JSON.stringify(summary.server)}`);
    console.log(`merged connections.csv: ${mergedRows.length} rows, ${distinct} distinct client ids; the shards' files: ${shardRows.length} rows`);
    for (const figure of ['connectMs', 'firstMessageMs', 'queuedMs'] as const) {
      const same = isDeepStrictEqual(summary[figure], union[figure]);
      console.log(
        `${figure}: merged ${JSON.stringify(summary[figure])}; from the union of rows ${JSON.stringify(union[figure])}: ${same ? 'equal' : 'DIFFERENT'}`,
      );
    }
  } finally {
    box.child.kill('SIGTERM');
    await new Promise((resolve) => box.child.once('exit', resolve));
    console.log(serverLog.trim());
    hosts.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
