/** The open-file limit the box gives its server process: the agent's own preflight. */
import { canRaiseHardLimit } from '../run/preflight.js';
import { readFileLimit, readNrOpen } from '../run/system-limits.js';
import { HttpError } from './http-error.js';

/** The limit to set in the server process for `needed` files; null keeps the agent's; 503 when the box cannot. */
export function decideServerFileLimit(needed: number): number | null {
  const limit = readFileLimit();
  if (limit === null || limit.soft >= needed) return null;
  if (limit.hard >= needed) return limit.hard;
  const nrOpen = readNrOpen() ?? Number.MAX_SAFE_INTEGER;
  if (needed <= nrOpen && canRaiseHardLimit(needed)) return needed;
  throw new HttpError(
    503,
    `the box's open-file limit is ${limit.soft} (hard ${limit.hard}) but the server needs about ${needed}; ` +
      `on the box run \`ulimit -Hn ${needed} && ulimit -n ${needed}\` as root, then restart bench agent`,
  );
}
