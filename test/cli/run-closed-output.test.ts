/**
 * A reader that goes away while a run is printing (`bench run ... 2>&1 | head -1`) must not end the
 * run half way: it goes on, writes its files and exits with its own status.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, freshDir, onlyRunDir, readJson } from '../helpers/cli.js';

describe('output whose reader has gone', () => {
  it('a run whose stdout and stderr are closed at once still finishes, writes run.json as ok, and exits 0', async () => {
    const cwd = freshDir();
    const child = spawn(process.execPath, [CLI, 'run', '-t', 'ws', '-c', '20', '--hold', '6'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closing our ends makes every write of the child fail with EPIPE; a hold past 5 s makes it print
    // a progress line (every 5 s when stderr is not a terminal) before its files are written.
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
    const runJson = readJson<{ status: string; summary: { connected: number } }>(path.join(onlyRunDir(path.join(cwd, 'results')), 'run.json'));
    expect(runJson.status).toBe('ok');
    expect(runJson.summary.connected).toBe(20);
  });
});
