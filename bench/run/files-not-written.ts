/** A run that measured but could not write all its files (a full disk): exit 3, with the summary it would have written, so it is still printed. */
import { EnvironmentError } from '../errors.js';
import type { RunSummary } from '../summary/run-summary-types.js';

/** The first file that could not be written, the summary, and whether run.json got it. */
export class FilesNotWrittenError extends EnvironmentError {
  constructor(
    cause: unknown,
    readonly summary: RunSummary,
    readonly runDir: string,
    /** False when run.json itself could not be written: it still holds its last whole version, which says running. */
    readonly runJsonWritten: boolean,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      runJsonWritten
        ? `${reason}; run.json in ${runDir} holds the summary, the other files may be short`
        : `${reason}; run.json in ${runDir} still says running (its last whole version): the summary printed above is its only copy`,
    );
  }
}
