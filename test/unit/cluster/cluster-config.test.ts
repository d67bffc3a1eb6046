/** The topology flags resolved into a ClusterConfig, the fault plan, and the preflight's sizing of a cluster. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir } from '../../helpers/cli.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { parseFaultFlags, parseScaleFlags } from '../../../bench/cluster/fault-plan.js';
import { chooseSourceAddresses, runPreflight, serverFilesNeeded } from '../../../bench/run/preflight.js';
import { EnvironmentError } from '../../../bench/errors.js';
import { ExitCode } from '../../../bench/exit-codes.js';
import { haproxyConfig, haproxyMaxConnections } from '../../../bench/cluster/haproxy-component.js';
import { nginxConfig } from '../../../bench/cluster/nginx-component.js';
import type { SystemLimits } from '../../../bench/run/system-limits.js';

/** This project's machine: a hard open-file limit of 20,000 that cannot be raised, ports 32768-60999. */
const MACHINE: SystemLimits = {
  fileLimit: { soft: 20_000, hard: 20_000 },
  nrOpen: 1_048_576,
  ephemeralPorts: { low: 32_768, high: 60_999 },
  canRaiseHardLimit: () => false,
};

describe('the topology flags', () => {
  it("one node is today's run: no cluster key at all, so run.json is unchanged", () => {
    expect('cluster' in resolveRunConfig({ transport: 'ws', clients: '10' })).toBe(false);
    expect('cluster' in resolveRunConfig({ transport: 'ws', clients: '10', nodes: '1' })).toBe(false);
  });

  it('defaults: nginx, sticky, the relay for ws and sockjs, the Redis adapter for socketio', () => {
    expect(resolveRunConfig({ transport: 'ws', clients: '10', nodes: '3' }).cluster).toEqual({
      nodes: 3,
      lb: 'nginx',
      adapter: 'relay',
      sticky: true,
      faults: [],
    });
    expect(resolveRunConfig({ transport: 'sockjs', clients: '10', nodes: '2' }).cluster?.adapter).toBe('relay');
    expect(resolveRunConfig({ transport: 'socketio', clients: '10', nodes: '2' }).cluster?.adapter).toBe('redis');
    expect(
      resolveRunConfig({ transport: 'socketio', clients: '10', nodes: '2', adapter: 'redis-streams', lb: 'haproxy', sticky: false }).cluster,
    ).toMatchObject({
      adapter: 'redis-streams',
      lb: 'haproxy',
      sticky: false,
    });
  });

  it('refuses the combinations a cluster does not run: --agent and --shard as well as --target', () => {
    expect(() => resolveRunConfig({ transport: 'ws', clients: '10', nodes: '2', shard: '0/2', target: 'ws://127.0.0.1:1/' })).toThrow(
      /cannot be combined with --target/,
    );
    const tokenFile = path.join(freshDir(), 'token');
    writeFileSync(tokenFile, 'token-of-the-box\n');
    expect(() => resolveRunConfig({ transport: 'ws', clients: '10', nodes: '2', agent: 'http://127.0.0.1:1', tokenFile })).toThrow(
      /cannot be combined with --agent/,
    );
    expect(() => resolveRunConfig({ transport: 'ws', clients: '10', kill: ['redis@1s'] })).toThrow(
      /--kill configures a run of several server processes, so it needs --nodes 2 or more/,
    );
  });
});

describe('the fault plan', () => {
  it("flattens every --kill into steps in time order, in ms from the hold's start", () => {
    expect(parseFaultFlags(['node:1@3s,restart@4500ms', 'redis@1.5,restart@2s'], 2, 10_000, 'redis')).toEqual([
      { component: 'redis', action: 'kill', atMs: 1500 },
      { component: 'redis', action: 'restart', atMs: 2000 },
      { component: 'node:1', action: 'kill', atMs: 3000 },
      { component: 'node:1', action: 'restart', atMs: 4500 },
    ]);
  });

  it('refuses a component killed twice, a malformed value and a time that is not one', () => {
    expect(() => parseFaultFlags(['redis@1s', 'redis@2s'], 2, 10_000, 'redis')).toThrow('--kill names redis twice');
    expect(() => parseFaultFlags(['redis@1s,again@2s'], 2, 10_000, 'redis')).toThrow('expected redis@10s or node:1@10s');
    expect(() => parseFaultFlags(['redis@soon'], 2, 10_000, 'redis')).toThrow('"soon" is not a time');
    expect(() => parseFaultFlags(['redis'], 2, 10_000, 'redis')).toThrow('expected redis@10s');
  });

  it('turns --add-node-at and --drain into steps, the added node numbered after the others', () => {
    expect(parseScaleFlags({ addNodeAt: '2s', drain: ['node:0@3s', 'node:3@4s'] }, 3, 10_000)).toEqual([
      { component: 'node:3', action: 'add', atMs: 2000 },
      { component: 'node:0', action: 'drain', atMs: 3000 },
      { component: 'node:3', action: 'drain', atMs: 4000 },
    ]);
    expect(() => parseScaleFlags({ drain: ['node:3@4s'] }, 3, 10_000)).toThrow('--drain node:3@4s: node:3 is not in the topology; it has node:0 to node:2');
    expect(() => parseScaleFlags({ addNodeAt: '5s', drain: ['node:3@4s'] }, 3, 10_000)).toThrow(
      'node:3 joins at 5 s (--add-node-at), so it can be drained only after that',
    );
    expect(() => parseScaleFlags({ drain: ['node:0@1s', 'node:1@2s'] }, 2, 10_000)).toThrow('--drain node:1@2s would leave the pool empty then');
    // Two drained of two, with a third added only later: empty from 2 s to 5 s.
    expect(() => parseScaleFlags({ addNodeAt: '5s', drain: ['node:0@1s', 'node:1@2s'] }, 2, 10_000)).toThrow(
      '--drain node:1@2s would leave the pool empty then',
    );
    expect(parseScaleFlags({ addNodeAt: '1s', drain: ['node:0@2s', 'node:1@3s'] }, 2, 10_000)).toHaveLength(3);
    expect(() => parseScaleFlags({ addNodeAt: '20s' }, 2, 10_000)).toThrow("past the run's end");
  });

  it("takes the run's broker by its name, and refuses another broker or one where the adapter has none", () => {
    expect(parseFaultFlags(['postgres@1s,restart@2s'], 3, 10_000, 'postgres').map((step) => step.component)).toEqual(['postgres', 'postgres']);
    expect(() => parseFaultFlags(['redis@1s'], 3, 10_000, 'nats')).toThrow(
      '--kill redis@1s: this run has no redis; the topology has nats and node:0 to node:2',
    );
    expect(() => parseFaultFlags(['nats@1s'], 3, 10_000, null)).toThrow(
      'the topology has no broker (the cluster adapter relays through its node:cluster primary)',
    );
    expect(() => parseFaultFlags(['primary@1s'], 3, 10_000, null)).toThrow('unknown component "primary"');
  });
});

describe("the preflight of a cluster on this project's machine", () => {
  it('each node needs the files of its share only: 50,000 ws clients fit four processes, not one', () => {
    const one = resolveRunConfig({ transport: 'ws', clients: '50000', workers: '4' });
    const four = resolveRunConfig({ transport: 'ws', clients: '50000', workers: '4', nodes: '4', lb: 'none' });
    expect(serverFilesNeeded(one)).toBeGreaterThan(20_000);
    expect(serverFilesNeeded(four)).toBeLessThan(20_000);
    expect(() => runPreflight(one, MACHINE)).toThrow(EnvironmentError);
    expect(runPreflight(four, MACHINE).loadBalancer).toBeNull();
  });

  it('gives nginx as many workers as two files per proxied connection need', () => {
    const config = resolveRunConfig({ transport: 'ws', clients: '50000', workers: '4', nodes: '4' });
    const result = runPreflight(config, MACHINE);
    // 50,000 clients and 500 handshakes, two files each, at most 9,968 connections per worker: 6 workers.
    expect(result.loadBalancer).toEqual({ workers: 6, fileLimit: 20_000 });
    expect(result.notices.some((notice) => notice.startsWith('nginx gets 6 worker processes'))).toBe(true);
  });

  it("refuses HAProxy past what its one process can proxy (exit 3: the machine's limit), naming the way out", () => {
    const config = resolveRunConfig({ transport: 'ws', clients: '20000', workers: '2', nodes: '4', lb: 'haproxy' });
    let thrown: unknown = null;
    try {
      runPreflight(config, MACHINE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvironmentError);
    expect((thrown as EnvironmentError).exitCode).toBe(ExitCode.broken);
    expect((thrown as Error).message).toContain(`proxies at most ${haproxyMaxConnections(20_000)} connections`);
    expect((thrown as Error).message).toContain('use --lb nginx');
  });

  it('behind a balancer: clients from 127.0.0.2 on, 16 addresses per node when sticky (at most 253); --lb none counts ports per node', () => {
    const sticky = chooseSourceAddresses(resolveRunConfig({ transport: 'ws', clients: '100', nodes: '3' }), [], MACHINE.ephemeralPorts);
    expect(sticky).toHaveLength(48);
    // 127.0.0.1 is left to the balancer's connections to the nodes.
    expect(sticky[0]).toBe('127.0.0.2');
    const loose = resolveRunConfig({ transport: 'ws', clients: '100', nodes: '3', sticky: false });
    expect(chooseSourceAddresses(loose, [], MACHINE.ephemeralPorts)).toEqual(['127.0.0.2']);
    // 50,000 behind a balancer: each address filled to half its 28,232 ports at most.
    const large = resolveRunConfig({ transport: 'ws', clients: '50000', nodes: '4', sticky: false });
    expect(chooseSourceAddresses(large, [], MACHINE.ephemeralPorts)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']);
    // 60,000 clients over 3 nodes straight: 20,000 per (source, node) pair, within one address's 28,232 ports.
    const direct = resolveRunConfig({ transport: 'ws', clients: '60000', nodes: '3', lb: 'none' });
    expect(chooseSourceAddresses(direct, [], MACHINE.ephemeralPorts)).toEqual([]);
  });

  it('a sticky balancer in front of clients that cannot bind an address (sockjs) says they all land on one node', () => {
    const notices: string[] = [];
    chooseSourceAddresses(resolveRunConfig({ transport: 'sockjs', clients: '100', nodes: '2' }), notices, MACHINE.ephemeralPorts);
    expect(notices).toEqual([expect.stringContaining('sends them all to one node')]);
  });
});

describe("the load balancers' configs", () => {
  const settings = { port: 8000, nodePorts: [8001, 8002], sticky: true, workers: 2, fileLimit: 20_000, failover: false };

  it('nginx: sticky by a hash of the whole source address, never ip_hash (three octets: one node for 127.0.0.x)', () => {
    const sticky = nginxConfig(settings, '/run', false);
    expect(sticky).toContain('hash $remote_addr;');
    expect(sticky).not.toMatch(/ip_hash/);
    expect(sticky).toContain('worker_processes 2;');
    expect(sticky).not.toContain('user root');
    expect(nginxConfig({ ...settings, sticky: false }, '/run', true)).not.toContain('hash $remote_addr');
    // As root, nginx would switch its workers to nobody, who cannot write under the run folder.
    expect(nginxConfig(settings, '/run', true)).toContain('user root root;');
  });

  it('haproxy: balance source when sticky, round-robin when not', () => {
    expect(haproxyConfig(settings)).toContain('balance source');
    expect(haproxyConfig({ ...settings, sticky: false })).toContain('balance roundrobin');
  });

  it('failover only when a node kill is planned: nginx passes a refused connection on, HAProxy checks its nodes', () => {
    expect(nginxConfig(settings, '/run', false)).toContain('proxy_next_upstream off;');
    expect(nginxConfig({ ...settings, failover: true }, '/run', false)).toContain('proxy_next_upstream error timeout;');
    expect(haproxyConfig(settings)).not.toContain(' check');
    expect(haproxyConfig({ ...settings, failover: true })).toContain('server node1 127.0.0.1:8002 check inter 250ms fall 1 rise 1');
  });
});
