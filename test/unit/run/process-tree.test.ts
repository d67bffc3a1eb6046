/** processTreeOf: a root, its descendants and its group's members, from /proc stats, and a real tree of processes. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ProcStat } from '../../../bench/run/proc-stat.js';
import { processTreeOf } from '../../../bench/run/process-tree.js';

function stat(pid: number, ppid: number, pgrp: number, state = 'S'): ProcStat {
  return { pid, ppid, pgrp, state, command: `p${pid}` };
}

describe('processTreeOf', () => {
  it('takes the root, its children and their children, root first; an orphan of its group too; zombies and strangers not', () => {
    const stats = [stat(1, 0, 1), stat(50, 1, 50), stat(51, 50, 50), stat(52, 51, 50), stat(53, 50, 50, 'Z'), stat(60, 1, 50), stat(70, 1, 70)];
    const kernelName = (process: ProcStat): string => process.command;
    expect(processTreeOf(50, stats, kernelName).map((process) => process.pid)).toEqual([50, 51, 52, 60]);
    expect(processTreeOf(50, stats, kernelName)[1]).toEqual({ pid: 51, ppid: 50, command: 'p51' });
  });

  it('is empty when the root is gone, and the root alone where /proc could not be read', () => {
    expect(processTreeOf(99, [stat(1, 0, 1)], (process) => process.command)).toEqual([]);
    expect(processTreeOf(99, [])).toEqual([{ pid: 99, ppid: 0, command: '' }]);
  });

  it('finds a real shell and the two sleeps it started, named by their argv[0]', async () => {
    const shell = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    try {
      const pid = shell.pid as number;
      // A forked child is named sh until it has exec'd sleep: wait for both names.
      const sleeping = (): boolean => processTreeOf(pid).filter((process) => process.command === 'sleep').length === 2;
      for (let tries = 0; !sleeping() && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      const tree = processTreeOf(pid);
      expect(tree[0]?.command).toBe('sh');
      expect(tree[0]?.pid).toBe(pid);
      expect(tree.slice(1).map((process) => process.command)).toEqual(['sleep', 'sleep']);
      expect(tree.slice(1).every((process) => process.ppid === pid)).toBe(true);
    } finally {
      for (const process of processTreeOf(shell.pid as number).reverse()) {
        try {
          globalThis.process.kill(process.pid, 'SIGKILL');
        } catch {
          // Gone.
        }
      }
    }
  });
});
