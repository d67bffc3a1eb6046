/** `bench compare` refuses to compare a run with itself: such a comparison passes whatever the run measured. */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, FIXTURES, freshDir, runCli } from '../helpers/cli.js';

const RUN = path.join(FIXTURES, 'runs', 'single-run', '20261128-094514-ws-100-2c26');

describe('bench compare of a run with itself', () => {
  it('the same folder on both sides: exit 2 in one line', async () => {
    await expectUsageError(['compare', RUN, RUN], 'compares a run with itself');
  });

  it('the folder and its run.json, or the folder above it: exit 2 too', async () => {
    await expectUsageError(['compare', path.join(RUN, 'run.json'), `${RUN}/`], 'compares a run with itself');
    await expectUsageError(['compare', path.dirname(RUN), RUN], 'compares a run with itself');
  });
});

describe('bench compare --markdown to a path that cannot be written', () => {
  it('exits 3 (the machine), as --out does, naming the path', async () => {
    const root = freshDir();
    const other = path.join(root, 'baseline');
    cpSync(RUN, other, { recursive: true });
    const blocker = path.join(root, 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const result = await runCli(['compare', other, RUN, '--markdown', path.join(blocker, 'summary.md')]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`--markdown ${path.join(blocker, 'summary.md')}`);
  });
});
