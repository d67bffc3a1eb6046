/** The JUnit XML text of --junit's suites (junit-report.ts), built with junit-report-builder. */
import junitModule, { type Builder } from 'junit-report-builder';

// The package is CommonJS whose module.exports is the builder, while its types declare a default export.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;

/** One test case: what was judged in which cell, and how it came out. */
export interface JunitCase {
  /** The cell (transport/variant/clients...), as compare names it: the test's class. */
  cell: string;
  /** What was judged: `status`, an objective (connectMs.p99<300ms), a figure. */
  name: string;
  /** passed; failed (a regression, a missed bound, a failed run); skipped (not judged); error (nothing was measured). */
  outcome: 'passed' | 'failed' | 'skipped' | 'error';
  /** One sentence: the value and why it failed or was skipped. */
  message: string | null;
}

/** One test suite. */
export interface JunitSuite {
  name: string;
  cases: readonly JunitCase[];
}

/** The suites as JUnit XML text. */
export function junitXml(suites: readonly JunitSuite[]): string {
  const builder = junit.newBuilder();
  for (const suite of suites) {
    const written = builder.testSuite().name(suite.name);
    for (const item of suite.cases) {
      const testCase = written.testCase().className(item.cell).name(item.name);
      if (item.outcome === 'failed') testCase.failure(item.message ?? undefined);
      else if (item.outcome === 'error') testCase.error(item.message ?? undefined);
      else if (item.outcome === 'skipped') {
        testCase.skipped();
        if (item.message !== null) testCase.standardOutput(item.message);
      }
    }
  }
  return builder.build();
}

