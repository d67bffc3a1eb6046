/**
 * spawnGroupLeader: a group bench leads dies with bench, SIGKILL included, even after its leader
 * has exited while the rest of the group still runs (a shell that died of SIGTERM while its node
 * was still closing).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, PROJECT_ROOT } from '../../helpers/cli.js';
import { isAlive, waitFor } from '../../helpers/processes.js';
import { listProcStats } from '../../../bench/run/proc-stat.js';

const GROUPS = path.join(PROJECT_ROOT, 'dist', 'bench', 'run', 'process-groups.js');

describe('spawnGroupLeader', () => {
  it('kills a group whose leader already exited when the owner is SIGKILLed', async () => {
    const log = path.join(freshDir(), 'group.log');
    // The owner starts a group whose leader exits at once, leaving a sleep behind in the group, then waits.
    const owner = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { spawnGroupLeader } = await import(${JSON.stringify(GROUPS)});
         const { child } = spawnGroupLeader('sh', ['-c', 'sleep 30 & exit 0'], ${JSON.stringify(log)});
         console.log(child.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const groupId = await new Promise<number>((resolve) => owner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    const sleeper = (): number | undefined => listProcStats().find((stat) => stat.pgrp === groupId && stat.state !== 'Z')?.pid;
    await waitFor(() => sleeper() !== undefined && !isAlive(groupId), 5000, 'the leader gone and the sleep left in its group');
    const sleep = sleeper() as number;
    // Long enough for the leader's exit to have been seen by the owner.
    await new Promise((resolve) => setTimeout(resolve, 500));
    owner.kill('SIGKILL');
    await waitFor(() => !isAlive(sleep), 5000, 'the sleep killed by the watchdog');
    expect(isAlive(sleep)).toBe(false);
  });
});
