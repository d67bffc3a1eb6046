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
