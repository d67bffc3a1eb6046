/** `bench sweep --resume` runs again a finished cell whose run folder is gone, and says so. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, readJson, runCli } from '../helpers/cli.js';
import type { SweepManifest } from '../../bench/sweep/sweep-manifest.js';

describe('bench sweep --resume, a cell folder deleted', () => {
  it('runs the cell again instead of counting it ok', async () => {
    const cwd = freshDir();
    const first = await runCli(['sweep', '--transports', 'ws', '--clients', '5,10', '--hold', '0', '--workers', '1', '--json', '--quiet'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const sweepDir = path.join(cwd, (JSON.parse(first.stdout) as { resultsDir: string }).resultsDir);
    const before = readJson<SweepManifest>(path.join(sweepDir, 'sweep.json'));
    const gone = before.cells[0]?.runDir as string;
    rmSync(path.join(sweepDir, gone), { recursive: true });

    const resumed = await runCli(['sweep', '--resume', sweepDir, '--json'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`cell 1 (ws, 5 clients): its run folder ${gone} is missing; running it again`);
    expect(resumed.stderr).toContain('resuming: 1 of 2 cells already done');
    const after = readJson<SweepManifest>(path.join(sweepDir, 'sweep.json'));
    expect(after.cells.map((cell) => cell.status)).toEqual(['ok', 'ok']);
    expect(after.cells[0]?.runDir).not.toBe(gone);
    expect(after.cells[1]?.runDir).toBe(before.cells[1]?.runDir);
  });
});
