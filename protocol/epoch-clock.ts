/**
 * A clock that processes on one machine share: performance.timeOrigin + performance.now(), in ms.
 * Monotonic within a process and sub-millisecond, so a client worker's "back at" and the parent's
 * "killed at" can be subtracted.
 */
import { performance } from 'node:perf_hooks';

/** Now, as ms since the Unix epoch, with the monotonic clock's resolution. */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}
