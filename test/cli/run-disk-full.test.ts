/**
 * A disk that fills during a run: the final run.json cannot be written (its temporary file is made
 * a link to /dev/full, which answers every write with ENOSPC), yet the summary is printed, and the
 * error says run.json still holds its last whole version. Exit 3, the machine.
 */
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRunDir, startCliInBackground, waitForRunPhase } from '../helpers/cli.js';

describe('bench run on a full disk', () => {
  it('prints the summary, names the file and exits 3, with run.json left at its last whole version', async () => {
    const { child, cwd, done } = startCliInBackground(['run', '-t', 'ws', '-c', '10', '-w', '1', '--hold', '3', '--quiet']);
    await waitForRunPhase(cwd, 'hold');
    const runDir = onlyRunDir(path.join(cwd, 'results'));
    // run.json is written through a temporary file named after bench's PID, then renamed.
    symlinkSync('/dev/full', path.join(runDir, `run.json.${child.pid}.tmp`));
    const { code, stderr } = await done;
    expect(code).toBe(3);
    expect(stderr).toContain('ws (per-message deflate off): ok');
    expect(stderr).toContain('clients 10, connected 10, failed 0');
    expect(stderr).toMatch(
      /bench: could not write .*run\.json: ENOSPC.*; run\.json in .* still says running \(its last whole version\): the summary printed above is its only copy/,
    );
    expect(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'))).toMatchObject({ status: 'running' });
  });
});
