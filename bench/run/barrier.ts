/** A wait for a condition over several workers, such as "every worker finished its ramp". */
export class Barrier {
  private waiters: Array<() => void> = [];

  constructor(private readonly isOpen: () => boolean) {}

  /** Resolves once the condition holds (at once if it holds now). */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.check();
    });
  }

  /** Call after anything that may make the condition hold; releases every waiter if it does. */
  check(): void {
    if (this.waiters.length === 0 || !this.isOpen()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
