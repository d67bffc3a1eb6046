/** The footprint's meter: CPU of a whole process tree, children that were waited for included, and its peak RSS. */
import { describe, expect, it } from 'vitest';
import { measureProcessTree } from '../../../scripts/process-tree-usage.js';

/** A Node one-liner that burns CPU with a fixed amount of work (not a fixed time) and keeps 64 MiB while it does. */
const BUSY = 'const kept = Buffer.alloc(64 * 1048576, 1); let x = 0; for (let i = 0; i < 3e8; i += 1) x += i % 7; if (kept[0] + x < 0) process.exit(9);';

describe('measureProcessTree', () => {
  it('counts the CPU and memory of a grandchild, not only of the process it started', async () => {
    const alone = await measureProcessTree(process.execPath, ['-e', BUSY]);
    const nested = await measureProcessTree(process.execPath, [
      '-e',
      `const { spawnSync } = require('node:child_process'); spawnSync(process.execPath, ['-e', ${JSON.stringify(BUSY)}], { stdio: 'inherit' });`,
    ]);
    expect(alone.exitCode).toBe(0);
    expect(nested.exitCode).toBe(0);
    // The parent only waits: the work is the grandchild's, and it is counted (ratios, not absolute times).
    expect(nested.cpuSeconds).toBeGreaterThan(alone.cpuSeconds * 0.5);
    // The grandchild's 64 MiB shows in the tree's peak, on top of its parent's own.
    expect(alone.peakRssBytes).toBeGreaterThan(64 * 1048576);
    expect(nested.peakRssBytes).toBeGreaterThan(alone.peakRssBytes);
  });

  it('passes the exit code and the output through', async () => {
    const usage = await measureProcessTree(process.execPath, ['-e', "process.stdout.write('out'); process.stderr.write('err'); process.exit(3)"]);
    expect(usage).toMatchObject({ exitCode: 3, stdout: 'out', stderr: 'err' });
  });
});
