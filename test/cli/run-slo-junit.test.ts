/** `bench run` and `bench sweep` with --slo (absolute bounds, no baseline) and --junit (the verdicts for a CI test reporter), end to end. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { expectUsageError, freshDir, runCli } from '../helpers/cli.js';

interface JunitCaseXml {
  classname: string;
  name: string;
  failure?: { message: string };
  skipped?: string;
}

/** The test cases of a JUnit file, by suite name. */
function readJunit(file: string): Map<string, JunitCaseXml[]> {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(
    readFileSync(file, 'utf8'),
  ) as { testsuites: { testsuite: Array<{ name: string; testcase: JunitCaseXml[] }> } };
  return new Map(parsed.testsuites.testsuite.map((suite) => [suite.name, suite.testcase]));
}

describe('--slo and --junit', () => {
  it('run: a missed bound exits 1 naming it and the figure; the met ones say so; the JUnit file has a case per bound', async () => {
    const cwd = freshDir();
    const junit = path.join(cwd, 'junit.xml');
    const result = await runCli(
      [
        'run',
        '-t',
        'ws',
        '-c',
        '20',
        '-w',
        '1',
        '--hold',
        '0',
        '--quiet',
        '--slo',
        'connectMs.p99<0.001ms',
        '--slo',
        'failed<1%,server.steadyRssBytes<8GiB',
        '--junit',
        junit,
      ],
      { cwd },
    );
    expect(result.stderr).toContain('ws (per-message deflate off): ok');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^slo MISSED connectMs\.p99<0\.001ms: connectMs\.p99 [\d.]+ ms in ws\/websocket\/20$/m);
    expect(result.stderr).toContain('slo met    failed<1%: failed 0.00% of the clients in ws/websocket/20');
    expect(result.stderr).toMatch(/^slo met {4}server\.steadyRssBytes<8GiB: server\.steadyRssBytes [\d.]+ MiB in ws\/websocket\/20$/m);
    const suites = readJunit(junit);
    expect(suites.get('bench run: status')).toEqual([{ classname: 'ws/websocket/20', name: 'status' }]);
    const objectives = suites.get('bench run: objectives (--slo)') ?? [];
    expect(objectives.map((item) => [item.name, item.failure === undefined])).toEqual([
      ['connectMs.p99<0.001ms', false],
      ['failed<1%', true],
      ['server.steadyRssBytes<8GiB', true],
    ]);
    expect(objectives[0]?.failure?.message).toMatch(/^connectMs\.p99 [\d.]+ ms misses connectMs\.p99<0\.001ms$/);
  });

  it('run --baseline --junit and compare --junit: every compared figure is a case, and met bounds keep the exit code 0', async () => {
    const cwd = freshDir();
    const baseline = await runCli(['run', '-t', 'ws', '-c', '20', '-w', '1', '--hold', '0', '--quiet', '-o', path.join(cwd, 'base')], { cwd });
    expect(baseline.code).toBe(0);
    const junit = path.join(cwd, 'junit.xml');
    const current = await runCli(
      ['run', '-t', 'ws', '-c', '20', '-w', '1', '--hold', '0', '--quiet', '--baseline', path.join(cwd, 'base'), '--slo', 'failed<1%', '--junit', junit],
      { cwd },
    );
    expect(current.code).toBe(0);
    const compared = readJunit(junit).get('bench run: against the baseline') ?? [];
    expect(compared.map((item) => item.name)).toEqual(expect.arrayContaining(['server.steadyRssBytes against the baseline', 'failed against the baseline']));
    // One run of a burst on each side: its latency percentiles are skipped, with why.
    expect(compared.find((item) => item.name === 'connectMs.p99 against the baseline')?.skipped).toBe('');

    const compareJunit = path.join(cwd, 'compare.xml');
    const compared2 = await runCli(['compare', path.join(cwd, 'base'), path.join(cwd, 'results'), '--junit', compareJunit], { cwd });
    expect(compared2.code).toBe(0);
    expect(
      readJunit(compareJunit)
        .get('bench compare')
        ?.map((item) => item.name),
    ).toEqual(compared.map((item) => item.name));
  });

  it('sweep: each cell judged by the median of its repeats, one case per cell and bound', async () => {
    const cwd = freshDir();
    const junit = path.join(cwd, 'junit.xml');
    const result = await runCli(
      ['sweep', '--transports', 'ws,sockjs', '-c', '10', '--repeat', '2', '--hold', '0', '--quiet', '--slo', 'failed<1%', '--junit', junit],
      { cwd },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('slo met    failed<1%: failed 0.00% of the clients (median of 2 runs) in ws/websocket/10');
    expect(result.stderr).toContain('slo met    failed<1%: failed 0.00% of the clients (median of 2 runs) in sockjs/websocket/10');
    const suites = readJunit(junit);
    expect(suites.get('bench sweep: status')).toHaveLength(4);
    expect(
      suites
        .get('bench sweep: objectives (--slo)')
        ?.map((item) => item.classname)
        .sort(),
    ).toEqual(['sockjs/websocket/10', 'ws/websocket/10']);
  });

  it('refuses a bad bound and an empty --junit before anything starts', async () => {
    const cwd = freshDir();
    await expectUsageError(['run', '-t', 'ws', '-c', '5', '--slo', 'connectMs.p42<1ms'], '--slo: unknown figure "connectMs.p42"', { cwd });
    await expectUsageError(['run', '-t', 'ws', '-c', '5', '--junit', ' '], '--junit needs a file path', { cwd });
    await expectUsageError(['sweep', '--transports', 'ws', '-c', '5', '--slo', 'failed<200%'], '--slo: failed<200% is more than 100% of the clients', { cwd });
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  });
});
