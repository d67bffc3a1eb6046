/**
 * Bad input through the real CLI, once per command: exit 2, one line naming the flag or file, no
 * stack trace, nothing started. Each message's text for every bad flag is checked without a
 * process by the resolve functions' tests (run-config, server-config, sweep-config, agent-config,
 * compare-input, report); here stay the checks that live in the commands themselves or in commander.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, freshDir, runCli } from '../helpers/cli.js';

const cases: Array<[string, string[], string]> = [
  ['run: a bad flag value', ['run', '-t', 'ws', '--clients', '0'], '--clients must be a whole number from 1'],
  ['run: an unknown flag', ['run', '-t', 'ws', '-c', '5', '--frobnicate'], "unknown option '--frobnicate'"],
  ['an unknown command', ['frobnicate'], "unknown command 'frobnicate'"],
  [
    'run: a threshold without a baseline',
    ['run', '-t', 'ws', '-c', '5', '--threshold', 'memory=off'],
    '--threshold, --compare-config and --allow-saturated judge a comparison, so they need --baseline',
  ],
  [
    'run: a baseline that does not exist',
    ['run', '-t', 'ws', '-c', '5', '--hold', '0', '--quiet', '--baseline', 'nowhere'],
    '--baseline: nowhere does not exist',
  ],
  ['server: a bad flag value', ['server', '--transport', 'ws', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
  ['sweep: a bad run flag', ['sweep', '--clients', '10', '--hold', '-1'], '--hold must be a number from 0'],
  ['sweep: --target, which a sweep of fresh servers cannot use', ['sweep', '--target', 'ws://127.0.0.1:1/'], "unknown option '--target'"],
  ['compare: a folder that does not exist', ['compare', 'no-such-baseline', 'no-such-current'], 'no-such-baseline does not exist'],
  ['report: no folder at all', ['report'], 'bench report needs a run folder or a sweep folder'],
  [
    'run: an unknown stack',
    ['run', '-t', 'ws', '-c', '5', '--stack', '2019'],
    '--stack must be one of current, 2020, or package specs such as socket.io@4.7.5; got "2019"',
  ],
  [
    'run: an unknown profile',
    ['run', '-t', 'ws', '-c', '5', '--profile', 'study-2019'],
    '--profile must be one of study-2020, current-defaults; got "study-2019"',
  ],
  [
    'run: deflate on the 2020 SockJS',
    ['run', '-t', 'sockjs', '-c', '5', '--stack', '2020', '--per-message-deflate'],
    '--per-message-deflate is not supported by the sockjs transport (sockjs 0.3.20 / sockjs-client 1.4.0, --stack 2020)',
  ],
  [
    'server: an unknown stack',
    ['server', '-t', 'ws', '--stack', 'old'],
    '--stack must be one of current, 2020, or package specs such as socket.io@4.7.5; got "old"',
  ],
  [
    'sweep: --adapter without socketio cells',
    ['sweep', '--transports', 'ws,sockjs', '--clients', '10', '--nodes', '2', '--adapter', 'redis-streams'],
    '--adapter applies to socketio cells, and --transports does not include socketio',
  ],
  ['capacity: --nodes 0', ['capacity', '-t', 'ws', '--nodes', '0'], '--nodes must be a whole number from 1 to 64; got "0"'],
  ['sweep: an unknown profile', ['sweep', '--clients', '10', '--profile', 'x'], '--profile must be one of study-2020, current-defaults; got "x"'],
  [
    'selftest: a spec stack of one transport',
    ['selftest', '--stack', 'ws@8.17.1'],
    '--stack ws@8.17.1 names nothing of socketio or sockjs, and bench selftest measures every transport',
  ],
  ['selftest: an unknown stack', ['selftest', '--stack', 'x'], '--stack must be one of current, 2020, or package specs such as socket.io@4.7.5; got "x"'],
  [
    'run: a restart past the end of the hold',
    ['run', '-t', 'ws', '-c', '5', '--hold', '5', '--restart-server-at', '10s'],
    '--restart-server-at 10s is past the end of the run: it counts from the start of the hold, which lasts 5 s; raise --hold above it',
  ],
  [
    'run: an unparsable restart time',
    ['run', '-t', 'ws', '-c', '5', '--hold', '20', '--restart-server-at', 'soon'],
    '--restart-server-at must be a duration from 0 ms to 86400 s, such as 10s, 1500ms or 2m; got "soon"',
  ],
  [
    'run: a negative reconnect delay',
    ['run', '-t', 'ws', '-c', '5', '--reconnect-delay', '-1'],
    '--reconnect-delay must be a whole number from 0 to 3600000; got "-1"',
  ],
  [
    'run: a maximum delay below the delay',
    ['run', '-t', 'ws', '-c', '5', '--reconnect-delay', '3000', '--reconnect-delay-max', '2000'],
    '--reconnect-delay-max (2000 ms) must not be below --reconnect-delay (3000 ms)',
  ],
  [
    'run: a randomization factor above 1',
    ['run', '-t', 'ws', '-c', '5', '--randomization-factor', '1.5'],
    '--randomization-factor must be a number from 0 to 1; got "1.5"',
  ],
  [
    'run: a restart of a server bench did not start',
    ['run', '-t', 'ws', '-c', '5', '--hold', '20', '--restart-server-at', '1s', '--target', 'ws://127.0.0.1:1/'],
    '--restart-server-at kills and restarts the server bench starts itself, so it cannot be used with --target',
  ],
  [
    'run: idle mode with steady traffic',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'idle', '--messages-per-second', '1'],
    '--mode idle sends no traffic in the hold, so it cannot be used with --messages-per-second',
  ],
  [
    'run: idle mode with a payload size',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'idle', '--payload-bytes', '100'],
    '--mode idle sends no traffic in the hold, so --payload-bytes has nothing to size',
  ],
  [
    'run: idle mode with both --duration and --hold',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'idle', '--duration', '10', '--hold', '10'],
    '--mode idle: --duration is the idle hold, so give --duration or --hold, not both',
  ],
  [
    'run: an unparsable idle duration',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'idle', '--duration', '5min'],
    '--duration must be a number from 0.1 to 86400; got "5min"',
  ],
  [
    'run: a ping interval of zero',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'idle', '--ping-interval', '0'],
    '--ping-interval must be a whole number from 10 to 3600000; got "0"',
  ],
  [
    'run: idle mode against a server bench did not start',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'idle', '--target', 'ws://127.0.0.1:1/'],
    '--mode idle, --ping-interval and --ping-timeout configure and measure the server bench starts itself, so they cannot be used with --target',
  ],
  ['run: an unknown mode', ['run', '-t', 'ws', '-c', '5', '--mode', 'asleep'], '--mode must be one of echo, push, broadcast, idle, connect; got "asleep"'],
  ['run: a transport given twice', ['run', '-t', 'ws', '-t', 'socketio', '-c', '5'], '-t given 2 times (ws, then socketio): give it once'],
  [
    'run: deflate on and off at once',
    ['run', '-t', 'ws', '-c', '5', '--per-message-deflate', '--no-per-message-deflate'],
    '--per-message-deflate and --no-per-message-deflate contradict each other',
  ],
  [
    'run: library deflate and off at once',
    ['run', '-t', 'ws', '-c', '5', '--per-message-deflate', 'library', '--no-per-message-deflate'],
    '--per-message-deflate and --no-per-message-deflate contradict each other',
  ],
  [
    'run: deflate neither on, off nor library',
    ['run', '-t', 'ws', '-c', '5', '--per-message-deflate', 'maybe'],
    '--per-message-deflate takes on, off or library',
  ],
  [
    'run: a spec stack with nothing of the transport',
    ['run', '-t', 'sockjs', '-c', '5', '--stack', 'ws@8.17.1'],
    '--stack ws@8.17.1 names no sockjs or sockjs-client, so --transport sockjs would run',
  ],
  ['run: --rooms 0', ['run', '-t', 'ws', '-c', '5', '--mode', 'broadcast', '--rooms', '0'], '--rooms must be a whole number from 1'],
  [
    'run: more publishers than clients',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'broadcast', '--publishers', '6'],
    '--publishers 6 is more than --clients 5 (publishers are clients)',
  ],
  [
    'run: a broadcast flag without the mode',
    ['run', '-t', 'ws', '-c', '5', '--publish-rate', '5'],
    '--publish-rate shapes the broadcast workload, so it needs --mode broadcast',
  ],
  [
    'run: broadcast with steady traffic',
    ['run', '-t', 'ws', '-c', '5', '--mode', 'broadcast', '--messages-per-second', '1'],
    '--messages-per-second is steady echo traffic; --mode broadcast sends room messages instead',
  ],
  [
    'server: sync on the 2020 stack',
    ['server', '-t', 'socketio', '--stack', '2020', '--redis-url', 'redis://127.0.0.1:6379'],
    '--redis-url: sync through Redis runs on the current stack only',
  ],
  [
    'server: an adapter the transport has not',
    ['server', '-t', 'ws', '--redis-url', 'redis://127.0.0.1:6379', '--adapter', 'redis'],
    '--adapter redis does not serve the ws transport; use relay',
  ],
  [
    'server: --adapter without --redis-url',
    ['server', '-t', 'socketio', '--adapter', 'redis'],
    '--adapter configures sync through Redis, so it needs --redis-url',
  ],
  [
    'run: --churn without a period',
    ['run', '-t', 'ws', '-c', '5', '--messages-per-second', '1', '--churn', '10%'],
    '--churn takes a share of the clients per period',
  ],
  [
    'run: --churn without steady traffic',
    ['run', '-t', 'ws', '-c', '5', '--churn', '10%/1m'],
    '--churn runs during the steady traffic: give --messages-per-second',
  ],
  [
    'run: --slow-readers over long-polling',
    ['run', '-t', 'socketio', '-c', '5', '--messages-per-second', '1', '--socketio-transports', 'polling', '--slow-readers', '10%'],
    "--slow-readers pauses each client's one TCP socket: use --socketio-transports websocket",
  ],
  [
    'run: --heap-snapshots against a --target',
    ['run', '-t', 'ws', '-c', '5', '--target', 'ws://127.0.0.1:1/', '--heap-snapshots'],
    "--heap-snapshots works on bench's own server",
  ],
  ['run: --namespaces on ws', ['run', '-t', 'ws', '-c', '5', '--namespaces', '4'], "--namespaces 4: namespaces are Socket.IO's; this run uses ws"],
  ['run: --namespaces 0', ['run', '-t', 'socketio', '-c', '5', '--namespaces', '0'], '--namespaces must be a whole number from 1 to 64; got "0"'],
  [
    'run: --namespace-connections without --namespaces',
    ['run', '-t', 'socketio', '-c', '5', '--namespace-connections', 'one'],
    '--namespace-connections says how a client reaches its namespaces, so it needs --namespaces',
  ],
  [
    'run: an unknown --namespace-connections',
    ['run', '-t', 'socketio', '-c', '5', '--namespaces', '2', '--namespace-connections', 'two'],
    '--namespace-connections must be one of one, per-namespace; got "two"',
  ],
  [
    'run: --namespaces with the wire client',
    ['run', '-t', 'socketio', '-c', '5', '--namespaces', '2', '--client', 'wire'],
    '--namespaces 2: the wire client speaks one namespace; use --client library',
  ],
  [
    'run: --namespaces with a node kill',
    ['run', '-t', 'socketio', '-c', '5', '--namespaces', '2', '--nodes', '2', '--hold', '5', '--kill', 'node:1@1s'],
    '--namespaces 2: a client of several namespaces is not reconnected namespace by namespace',
  ],
  [
    'run: --add-node-at without a load balancer',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--lb', 'none', '--hold', '5', '--add-node-at', '1s'],
    "--add-node-at changes the load balancer's pool, and --lb none has none",
  ],
  [
    'run: --drain and --kill of one node',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '3', '--hold', '5', '--drain', 'node:1@2s', '--kill', 'node:1@1s'],
    '--drain and --kill both name node:1; give it one of them',
  ],
  [
    'run: --drain on one node',
    ['run', '-t', 'ws', '-c', '5', '--drain', 'node:0@1s'],
    '--drain configures a run of several server processes, so it needs --nodes 2 or more',
  ],
  [
    'run: --namespaces with push mode',
    ['run', '-t', 'socketio', '-c', '5', '--namespaces', '2', '--mode', 'push'],
    '--namespaces 2: the server pushes once per namespace socket, not once per client; use --mode echo or broadcast',
  ],
  [
    'run: --drain leaving the pool empty',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--hold', '5', '--drain', 'node:0@1s', '--drain', 'node:1@2s'],
    '--drain node:1@2s would leave the pool empty then; leave one node to take the clients',
  ],
  ['run: --nodes 0', ['run', '-t', 'ws', '-c', '5', '--nodes', '0'], '--nodes must be a whole number from 1 to 64; got "0"'],
  ['run: --nodes not a whole number', ['run', '-t', 'ws', '-c', '5', '--nodes', '2.5'], '--nodes must be a whole number from 1 to 64; got "2.5"'],
  ['run: an unknown --lb', ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--lb', 'traefik'], '--lb must be one of nginx, haproxy, none; got "traefik"'],
  [
    'run: --adapter on ws',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--adapter', 'redis'],
    "--adapter chooses Socket.IO's adapter, so it applies to --transport socketio only",
  ],
  [
    'run: an unknown --adapter',
    ['run', '-t', 'socketio', '-c', '5', '--nodes', '2', '--adapter', 'mongo'],
    '--adapter must be one of redis, redis-streams, postgres, nats, amqp, cluster; got "mongo"',
  ],
  [
    'run: --kill of a broker the adapter does not use',
    ['run', '-t', 'socketio', '-c', '5', '--nodes', '2', '--adapter', 'nats', '--hold', '5', '--kill', 'redis@1s'],
    '--kill redis@1s: this run has no redis; the topology has nats and node:0 to node:1',
  ],
  [
    'run: --kill of a broker with the cluster adapter',
    ['run', '-t', 'socketio', '-c', '5', '--nodes', '2', '--adapter', 'cluster', '--hold', '5', '--kill', 'redis@1s'],
    '--kill redis@1s: this run has no redis; the topology has no broker (the cluster adapter relays through its node:cluster primary), node:0 to node:1',
  ],
  [
    'server: an adapter whose broker bench server does not take',
    ['server', '-t', 'socketio', '--redis-url', 'redis://127.0.0.1:6379', '--adapter', 'postgres'],
    '--adapter postgres: bench server syncs through Redis (--redis-url); the postgres adapter runs with bench run --nodes, which starts its broker; use redis or redis-streams',
  ],
  [
    'run: --lb on one node',
    ['run', '-t', 'ws', '-c', '5', '--lb', 'haproxy'],
    '--lb configures a run of several server processes, so it needs --nodes 2 or more',
  ],
  [
    'run: --nodes with another --host',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--host', '::1'],
    '--nodes 2 runs every component on 127.0.0.1, where the load balancer and Redis reach the nodes; drop --host ::1',
  ],
  [
    'run: --nodes with --target',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--target', 'ws://127.0.0.1:1/'],
    '--nodes 2 starts its servers, Redis and load balancer on this machine, so it cannot be combined with --target',
  ],
  [
    'run: --no-sticky without a load balancer',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--lb', 'none', '--no-sticky'],
    "--no-sticky turns off the load balancer's stickiness, but --lb none routes each client by its id",
  ],
  [
    'run: --kill of a node not in the topology',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--kill', 'node:2@1s'],
    '--kill node:2@1s: node:2 is not in the topology; --nodes 2 has node:0 to node:1',
  ],
  [
    'run: --kill of an unknown component',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--kill', 'nginx@1s'],
    '--kill nginx@1s: unknown component "nginx"; the topology has redis and node:0 to node:1',
  ],
  [
    "run: --kill past the run's end",
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--hold', '5', '--kill', 'redis@2s,restart@6s'],
    "--kill redis@2s,restart@6s: the restart, 6 s into the hold, is past the run's end: the hold lasts 5 s; raise --hold",
  ],
  [
    'run: --nodes on the 2020 stack',
    ['run', '-t', 'socketio', '-c', '5', '--nodes', '2', '--stack', '2020'],
    '--nodes 2 syncs its nodes through Redis adapters that exist on the current stack only; drop --stack 2020 or --nodes',
  ],
  [
    'run: --restart-server-at with --nodes',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--hold', '5', '--restart-server-at', '1s'],
    '--restart-server-at restarts the one server of a run; with --nodes 2 kill and restart a node instead',
  ],
  [
    'run: --mode idle with --nodes',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '3', '--mode', 'idle', '--duration', '5'],
    '--mode idle measures the idle cost of one server process; with --nodes 3 it is not measured per node yet',
  ],
  [
    'run: --kill with a restart before the kill',
    ['run', '-t', 'ws', '-c', '5', '--nodes', '2', '--kill', 'redis@3s,restart@2s'],
    'the restart (2 s) must come after the kill (3 s)',
  ],
];

describe('bad input through the CLI', () => {
  it.each(cases)('%s: exit 2 with a one-line message', async (_name, args, message) => {
    await expectUsageError(args, message);
  });

  it('a stack whose aliased packages are missing: exit 1 with the install command, nothing started', async () => {
    const cwd = freshDir();
    // BENCH_LIBRARY_ROOT points module resolution at an empty folder: an install without the 2020 packages.
    const result = await runCli(['run', '-t', 'ws', '-c', '5', '--stack', '2020'], { cwd, env: { BENCH_LIBRARY_ROOT: cwd }, timeoutMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('--stack 2020 needs the package ws-2020, which is not installed; run: npm ci (or: npm install --save-exact ws-2020@npm:ws@7.2.1'),
    ]);
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  });

  it('with --json, prints the stable error code on stdout for scripts', async () => {
    const config = await runCli(['run', '-t', 'ws', '--clients', '0', '--json']);
    expect(config.code).toBe(2);
    expect(JSON.parse(config.stdout)).toEqual({ error: { code: 'E_CONFIG', message: expect.stringContaining('--clients must be'), exitCode: 2 } });
    const usage = await runCli(['run', '-t', 'ws', '-c', '5', '--frobnicate', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'E_USAGE', exitCode: 2 } });
  });

  it('agent: no token: exit 2 with a one-line message', async () => {
    await expectUsageError(['agent', '--port', '0'], 'bench agent needs a token: pass --token-file <file>', { env: { BENCH_AGENT_TOKEN: '' } });
  });

  it('sweep: grid flags next to --resume, which takes them from sweep.json', async () => {
    const cwd = freshDir();
    const sweepDir = path.join(cwd, 'old-sweep');
    mkdirSync(sweepDir);
    writeFileSync(path.join(sweepDir, 'sweep.json'), '{}');
    await expectUsageError(
      ['sweep', '--resume', sweepDir, '--clients', '10', '--hold', '2'],
      `--resume takes the grid and flags from ${path.join(sweepDir, 'sweep.json')}; drop --clients, --hold`,
      { cwd },
    );
  });

  it('stops before starting when the open-file limit cannot cover the clients, with the command that raises it (exit 3)', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '1000000', '-w', '1'], { cwd, timeoutMs: 20_000 });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/open-file limit is \d+ .* need about \d+/);
    expect(result.stderr).toContain('ulimit');
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  });
});
