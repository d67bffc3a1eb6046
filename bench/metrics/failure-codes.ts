/** The `code` label of failed clients: the error code without its reason, and past a few distinct codes one `other`, so a run cannot grow the series without bound. */
import type { ClientErrorCode } from '../../protocol/messages.js';

/** Distinct codes a run labels before the rest go to `other`. */
export const MAX_FAILURE_CODES = 12;

/** The label of the rare codes once MAX_FAILURE_CODES are in use. */
export const OTHER_FAILURE_CODE = 'other';

/** Maps a run's error codes to a bounded set of labels. */
export class FailureCodes {
  private readonly seen = new Set<string>();

  /** `http-401: invalid token` -> `http-401`; a new code past MAX_FAILURE_CODES -> `other`. */
  labelOf(code: ClientErrorCode): string {
    const bare = code.split(':', 1)[0] ?? code;
    if (this.seen.has(bare)) return bare;
    if (this.seen.size >= MAX_FAILURE_CODES) return OTHER_FAILURE_CODE;
    this.seen.add(bare);
    return bare;
  }
}
