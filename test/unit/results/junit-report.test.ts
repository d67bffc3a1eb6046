/** junitXml: the verdicts as JUnit XML, read back with a maintained XML parser as a test reporter reads them. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../../bench/results/junit-xml.js';

describe('junitXml', () => {
  it('writes one testsuite per judgement and one testcase per cell and check, with failures, errors and skips counted', () => {
    const xml = junitXml([
      {
        name: 'bench run: objectives (--slo)',
        cases: [
          { cell: 'ws/websocket/300', name: 'connectMs.p99<300ms', outcome: 'failed', message: 'connectMs.p99 412 ms misses connectMs.p99<300ms' },
          { cell: 'ws/websocket/300', name: 'failed<1%', outcome: 'passed', message: null },
        ],
      },
      {
        name: 'bench run: status',
        cases: [
          { cell: 'ws/websocket/300', name: 'status', outcome: 'error', message: 'failed: the server would not start <&>' },
          { cell: 'ws/websocket/300', name: 'connectMs.p50 against the baseline', outcome: 'skipped', message: 'not judged: one run of a burst' },
        ],
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { tests: string; failures: string; errors: string; skipped: string; testsuite: Array<{ name: string; testcase: Array<Record<string, unknown>> }> };
    };
    expect(parsed.testsuites).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    const [objectives, status] = parsed.testsuites.testsuite;
    expect(objectives?.name).toBe('bench run: objectives (--slo)');
    expect(objectives?.testcase[0]).toMatchObject({ classname: 'ws/websocket/300', name: 'connectMs.p99<300ms', failure: { message: 'connectMs.p99 412 ms misses connectMs.p99<300ms' } });
    expect(objectives?.testcase[1]).toEqual({ classname: 'ws/websocket/300', name: 'failed<1%' });
    expect(status?.testcase[0]).toMatchObject({ error: { message: 'failed: the server would not start <&>' } });
    expect(status?.testcase[1]).toMatchObject({ skipped: '', 'system-out': 'not judged: one run of a burst' });
  });
});
