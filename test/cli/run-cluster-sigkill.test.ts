/** SIGKILL of bench leaves nothing of a topology running: redis-server, nginx and the nodes go with it. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import { CLI, freshDir, onlyRunDir, waitForRunPhase } from '../helpers/cli.js';
import { markedProcesses } from '../helpers/cluster-run.js';
import { commandLine, isAlive, listProcesses, listProcessGroup, waitFor } from '../helpers/processes.js';

const missing = ['redis-server', 'nginx'].filter((binary) => findBinary(binary) === null);

describe.skipIf(missing.length > 0)('bench run --nodes 2 killed with SIGKILL', () => {
  it('redis-server, nginx and the node servers die within seconds', async () => {
    const cwd = freshDir();
    const marker = path.basename(cwd);
    const bench = spawn(process.execPath, [CLI, 'run', '--nodes', '2', '--lb', 'nginx', '-t', 'ws', '-c', '20', '--hold', '30', '--quiet'], {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, BENCH_TEST_MARKER: marker },
    });
    const exited = new Promise<void>((resolve) => bench.once('exit', () => resolve()));
    await waitForRunPhase(cwd, 'hold');
    // nginx clears its environment and redis-server writes its title over it: nginx is found by the group of the pid it
    // wrote into the run folder, redis-server by its group (it leads one) found from the port in its config there.
    const runDir = onlyRunDir(path.join(cwd, 'results'));
    const nginx = listProcessGroup(Number(readFileSync(path.join(runDir, 'nginx.pid'), 'utf8').trim()));
    const redisPort = /^port (\d+)$/m.exec(readFileSync(path.join(runDir, 'redis.conf'), 'utf8'))?.[1];
    const redis = listProcesses().filter((pid) => commandLine(pid).includes(`redis-server 127.0.0.1:${redisPort}`));
    const running = markedProcesses(marker).map((pid) => commandLine(pid));

    // The topology is up: Redis, nginx (master and worker) and both nodes.
    expect(redis).toHaveLength(1);
    expect(nginx.length).toBeGreaterThanOrEqual(2);
    expect(running.filter((line) => line.includes('server-process.js'))).toHaveLength(2);
    bench.kill('SIGKILL');
    await exited;
    const left = (): string[] => [...markedProcesses(marker), ...nginx.filter(isAlive), ...redis.filter(isAlive)].map((pid) => `${pid} ${commandLine(pid)}`);
    await waitFor(() => left().length === 0, 5000, 'every process of the topology to end').catch(() => undefined);
    expect(left()).toEqual([]);
  });
});
