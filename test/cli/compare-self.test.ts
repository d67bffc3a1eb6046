/** `bench compare` refuses to compare a run with itself: such a comparison passes whatever the run measured. */
import path from 'node:path';
import { describe, it } from 'vitest';
import { expectUsageError, FIXTURES } from '../helpers/cli.js';

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
