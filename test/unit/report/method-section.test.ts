/** The report's method section and folder name, read from run.json and sweep.json alone: remote servers, untrusted ids. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineLine, methodSection } from '../../../bench/report/method-section.js';
import { loadReportSource } from '../../../bench/report/report-source.js';
import { freshDir } from '../../helpers/cli.js';
import { RUN_FIXTURE, SWEEP_FIXTURE } from '../../helpers/report-fixtures.js';

/** A copy of a fixture folder whose JSON file `file` is changed by `edit`. */
function editedCopy(fixture: string, file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = path.join(freshDir(), path.basename(fixture));
  cpSync(fixture, dir, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path.join(dir, file), JSON.stringify(json));
  return dir;
}

describe('the method section', () => {
  it('says a run through bench agent had its server on the box, and names the box', () => {
    const dir = editedCopy(RUN_FIXTURE, 'run.json', (runJson) => {
      const local = runJson.environment as Record<string, unknown>;
      runJson.server = {
        remote: true,
        agentUrl: 'http://10.0.0.5:7700',
        url: 'ws://10.0.0.5:40000/',
        pid: 4242,
        environment: { ...local, hostname: 'target-box', cpu: { model: 'Box CPU 9000', cores: 4 }, nodeVersion: 'v20.99.0' },
      };
    });
    const source = loadReportSource(dir);
    const html = methodSection(source);
    expect(html).toContain('on another machine through bench agent (target-box, Box CPU 9000 (4 cores)');
    expect(html).toContain('server Node.js (on the box)');
    expect(html).toContain('v20.99.0');
    expect(html).not.toContain('in a separate process on this machine');
    expect(machineLine(source)).toContain('servers on another machine through bench agent: target-box, Box CPU 9000 (4 cores)');
  });

  it('describes firstMessageMs as the mode the runs used', () => {
    expect(methodSection(loadReportSource(RUN_FIXTURE))).toContain('runs from sending one message at open to its echo.');
    const push = editedCopy(RUN_FIXTURE, 'run.json', (runJson) => {
      (runJson.config as Record<string, unknown>).mode = 'push';
    });
    const html = methodSection(loadReportSource(push));
    expect(html).toContain('runs from the open event to a message the server pushes when it accepts the connection (push mode).');
    expect(html).not.toContain('to its echo');
  });

  it('says a local run started its server on the same machine as its clients', () => {
    const source = loadReportSource(RUN_FIXTURE);
    const html = methodSection(source);
    expect(html).toContain('in a separate process on this machine');
    expect(html).not.toContain('bench agent');
    expect(machineLine(source)).not.toContain('bench agent');
  });
});

describe('the report folder name', () => {
  it('never takes a run id that would leave reports/', () => {
    const dir = editedCopy(RUN_FIXTURE, 'run.json', (runJson) => {
      runJson.runId = '../../escaped';
    });
    expect(loadReportSource(dir).id).toBe(path.basename(dir));
  });

  it('never takes a sweep id that would leave reports/, and refuses one that is not a string as a damaged sweep.json', () => {
    const climbing = editedCopy(SWEEP_FIXTURE, 'sweep.json', (sweep) => {
      sweep.sweepId = '../escaped';
    });
    expect(loadReportSource(climbing).id).toBe(path.basename(climbing));
    const numeric = editedCopy(SWEEP_FIXTURE, 'sweep.json', (sweep) => {
      sweep.sweepId = 42;
    });
    expect(() => loadReportSource(numeric)).toThrow(/sweep\.json: sweepId must be a string; got 42/);
    expect(loadReportSource(SWEEP_FIXTURE).id).toBe(path.basename(SWEEP_FIXTURE));
  });
});
