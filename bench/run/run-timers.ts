/** The timers of one run (the hold, --start-at's wait, progress), cleared together when the run closes so none keeps the process alive. */
export class RunTimers {
  private readonly timeouts = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();

  /** Resolves after `ms`, unless cleared first (then it never resolves: the run's stopper ends the wait). */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.timeouts.delete(timeout);
        resolve();
      }, ms);
      this.timeouts.add(timeout);
    });
  }

  /** Calls `tick` every `ms` until cleared. */
  every(ms: number, tick: () => void): void {
    this.intervals.add(setInterval(tick, ms));
  }

  clearAll(): void {
    for (const timeout of this.timeouts) clearTimeout(timeout);
    for (const interval of this.intervals) clearInterval(interval);
    this.timeouts.clear();
    this.intervals.clear();
  }
}

/**
 * Calls `fire` once `clock()` reaches `dueAt`, never earlier; returns what cancels it. A Node
 * timer counts from the event loop's cached clock, which can predate the moment it was set by a
 * fraction of a millisecond, so it may fire that much early (the suite saw a kill planned at
 * 500 ms at 499.9 ms, and a fault planned at 2000 ms at 1999 ms); then this waits out the rest.
 */
export function fireNoEarlierThan(dueAt: number, clock: () => number, fire: () => void): () => void {
  let timeout: NodeJS.Timeout;
  const check = (): void => {
    const earlyMs = dueAt - clock();
    if (earlyMs > 0) timeout = setTimeout(check, Math.ceil(earlyMs));
    else fire();
  };
  timeout = setTimeout(check, Math.max(0, dueAt - clock()));
  return () => clearTimeout(timeout);
}
