/**
 * --junit <file>: the verdicts as JUnit XML, which GitLab, Jenkins and GitHub's test reporters
 * read. One test suite per command's judgement (a run's status, its objectives, a comparison), one
 * test case per cell and status, bound or figure. Written with junit-report-builder (junit-xml.ts),
 * loaded only when a report is written: it costs a run's main process 200 ms of CPU and 25 MiB.
 */
import { writeFileAtomic } from './atomic-write.js';
import { EnvironmentError } from '../errors.js';

export type { JunitCase, JunitSuite } from './junit-xml.js';
import type { JunitSuite } from './junit-xml.js';

/** Writes the suites to `file` (--junit) atomically; EnvironmentError (exit 3) names the flag and the file when it cannot be written. */
export async function writeJunitReport(file: string, suites: readonly JunitSuite[]): Promise<void> {
  try {
    const { junitXml } = await import('./junit-xml.js');
    await writeFileAtomic(file, junitXml(suites));
  } catch (error) {
    throw error instanceof EnvironmentError ? new EnvironmentError(`--junit: ${error.message}`) : error;
  }
}
