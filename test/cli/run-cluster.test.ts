/**
 * bench run --nodes: the real redis-server, nginx and haproxy, started, measured and stopped by the
 * real CLI. Skipped, with a message, only where a binary is absent (.ci/run installs them). Every
 * test checks that no process of the topology survives: each child bench starts inherits a marker
 * in its environment, and no process may carry it once bench has exited.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import { CLI, FIXTURES, freshDir, readCsv, waitForRunPhase } from '../helpers/cli.js';
import { markedProcesses, processesLeft, runMarked, summaryOf } from '../helpers/cluster-run.js';

const missing = ['redis-server', 'nginx', 'haproxy'].filter((binary) => findBinary(binary) === null);
if (missing.length > 0) console.warn(`cluster tests skipped: ${missing.join(', ')} not installed (apt-get install -y redis-server nginx haproxy)`);

describe.skipIf(missing.length > 0)('several server processes behind a real load balancer, with Redis', () => {
  it('ws through sticky nginx: every client connects, spread over both nodes, each component sampled, nothing left running', async () => {
    const { result, cwd, left } = await runMarked(['-t', 'ws', '-c', '80', '--nodes', '2', '--hold', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(left).toEqual([]);
    const { dir, summary } = summaryOf(cwd);
    const cluster = summary.cluster;
    expect(cluster).toMatchObject({ nodes: 2, lb: 'nginx', adapter: 'relay', sticky: true });
    // Sixteen source addresses per node spread the clients; both nodes hold some, and together all of them.
    const shares = cluster?.spread.connections as number[];
    expect(shares.every((share) => share > 0)).toBe(true);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(80);
    for (const node of cluster?.perNode ?? []) expect(node.steadyRssBytes).toBeGreaterThan(0);
    expect(cluster?.loadBalancer?.processes).toBeGreaterThanOrEqual(2); // master and worker, summed
    expect(cluster?.broker?.name).toBe('redis');
    expect(cluster?.broker?.steadyRssBytes).toBeGreaterThan(0);
    const components = new Set(readCsv(path.join(dir, 'cluster-samples.csv')).map((row) => row.component));
    expect([...components].sort()).toEqual(['lb', 'node:0', 'node:1', 'redis']);
    // The config files are in the run folder; ip_hash (first three octets: one node for all of 127.0.0.x) is not used.
    const nginxConf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    expect(nginxConf).toContain('hash $remote_addr;');
    expect(nginxConf).not.toMatch(/^\s*ip_hash/m);
    // samples.csv holds the nodes' sums: its steady RSS is their steady RSS together, within sampling noise.
    const nodesSteady = (cluster?.perNode ?? []).reduce((sum, node) => sum + (node.steadyRssBytes ?? 0), 0);
    expect(summary.server?.steadyRssBytes).toBeGreaterThan(nodesSteady * 0.9);
    expect(summary.server?.steadyRssBytes).toBeLessThan(nodesSteady * 1.1);
  });

  it("long-polling Socket.IO through nginx connects every client with stickiness, and fails with engine.io's own reason without it", async () => {
    const args = ['-t', 'socketio', '--socketio-transports', 'polling', '-c', '30', '--nodes', '2', '--hold', '0'];
    const sticky = await runMarked(args);
    expect(sticky.result.code, sticky.result.stderr).toBe(0);
    const stuck = summaryOf(sticky.cwd).summary;
    expect(stuck.connected).toBe(30);
    // The polling requests bind their source address (an http.Agent bound to it), so the hash reaches both nodes.
    expect((stuck.cluster?.spread.connections as number[]).every((share) => share > 0)).toBe(true);
    const loose = await runMarked([...args, '--no-sticky']);
    // A failure of what was measured (exit 1, status partial), not of the tool (exit 3).
    expect(loose.result.code, loose.result.stderr).toBe(1);
    const { summary } = summaryOf(loose.cwd);
    expect(summary.status).toBe('partial');
    expect(summary.broken).toBe(false);
    expect(summary.reason).toContain('http-400: Session ID unknown');
    expect(sticky.left).toEqual([]);
    expect(loose.left).toEqual([]);
  });

  it("haproxy: Redis and a node killed and restarted during the hold, each step on the timeline, the node's clients back", async () => {
    const { result, cwd, left } = await runMarked([
      '-t',
      'ws',
      '-c',
      '40',
      '--nodes',
      '2',
      '--lb',
      'haproxy',
      '--hold',
      '6',
      '--kill',
      'redis@0.5s,restart@1s',
      '--kill',
      'node:1@1.5s,restart@2s',
    ]);
    expect(left).toEqual([]);
    const { summary } = summaryOf(cwd);
    const faults = summary.cluster?.faults ?? [];
    expect(faults.map((fault) => `${fault.action} ${fault.component}`)).toEqual(['kill redis', 'restart redis', 'kill node:1', 'restart node:1']);
    for (const fault of faults) {
      expect(fault.error).toBeNull();
      expect(fault.atMs).toBeGreaterThanOrEqual(fault.plannedAtMs);
    }
    // Answered again after the restart began: Redis answered PING, the node listened.
    for (const restart of faults.filter((fault) => fault.action === 'restart')) expect(restart.answeredAtMs).toBeGreaterThan(restart.atMs as number);
    // A node kill turns reconnection on: the killed node's clients drop and every one comes back (a
    // failed first attempt waits up to 3 s for its second: the hold leaves room for it on a loaded machine).
    const shareOfNode1 = summary.cluster?.perNode[1];
    expect(shareOfNode1?.pid).toBeGreaterThan(0);
    expect(summary.reconnection?.clientsDropped).toBeGreaterThan(0);
    expect(summary.reconnection?.clientsBack).toBe(summary.reconnection?.clientsDropped);
    expect(summary.reconnection?.timeBackFrom).toBe('kill');
    expect(summary.dropped).toBe(0);
    expect(result.code).toBe(0);
  });

  it('--lb none: each client connects straight to node (id mod nodes), so the spread is exact', async () => {
    const { result, cwd, left } = await runMarked(['-t', 'ws', '-c', '31', '--nodes', '3', '--lb', 'none', '--hold', '0.5']);
    expect(result.code, result.stderr).toBe(0);
    expect(left).toEqual([]);
    const { summary } = summaryOf(cwd);
    expect(summary.cluster?.spread.connections).toEqual([11, 10, 10]);
    expect(summary.cluster?.loadBalancer).toBeNull();
  });

  it('a component that does not start: exit 1 with its last log lines, and no process of the topology left, its own worker included', async () => {
    // The stand-in nginx leaves a `sleep` in its process group and exits 1; Redis and the nodes have started by then.
    const { result, left } = await runMarked(['-t', 'ws', '-c', '10', '--nodes', '2'], {
      BENCH_COMPONENT_DIRS: `${path.join(FIXTURES, 'components')}:${process.env.PATH ?? ''}:/usr/sbin`,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('nginx (nginx) exited with code 1 before it answered');
    expect(result.stderr).toContain('bench test fixture: this stand-in never listens');
    expect(result.stderr).not.toMatch(/\s+at /);
    expect(left).toEqual([]);
  });

  it('a missing component: exit 1, one line with the apt-get line, nothing started', async () => {
    const { result, cwd, left } = await runMarked(['-t', 'ws', '-c', '10', '--nodes', '2', '--lb', 'haproxy'], { BENCH_COMPONENT_DIRS: '/nonexistent' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('needs redis-server and haproxy, which are not installed; run: apt-get install -y redis-server haproxy'),
    ]);
    expect(readdirSync(cwd)).toEqual([]);
    expect(left).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during the hold: exit %i, the files written, no process of the topology left', async (signal, exitCode) => {
    const cwd = freshDir();
    const marker = path.basename(cwd);
    const child = spawn(process.execPath, [CLI, 'run', '--quiet', '-t', 'ws', '-c', '20', '--nodes', '2', '--hold', '60'], {
      cwd,
      env: { ...process.env, BENCH_TEST_MARKER: marker },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitForRunPhase(cwd, 'hold');
    expect(markedProcesses(marker).length).toBeGreaterThanOrEqual(5); // bench, 2 nodes, Redis, nginx (and workers)
    child.kill(signal);
    expect(await exited).toBe(exitCode);
    expect(await processesLeft(marker)).toEqual([]);
    expect(summaryOf(cwd).summary.status).toBe('interrupted');
  });
});
