/** Callers waiting for the next reply of one kind from a child process, each given null if none comes in time. */
export class ReplyWaiters<T> {
  private waiting: Array<(value: T | null) => void> = [];

  constructor(private readonly timeoutMs: number) {}

  /** Calls `ask` (which sends the request) and resolves with the next reply, or null after the timeout. */
  next(ask: () => void): Promise<T | null> {
    return new Promise<T | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((waiter) => waiter !== reply);
        resolve(null);
      }, this.timeoutMs);
      const reply = (value: T | null): void => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiting.push(reply);
      ask();
    });
  }

  /** Hands a reply to everyone waiting for one. */
  settle(value: T): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const reply of waiting) reply(value);
  }
}
