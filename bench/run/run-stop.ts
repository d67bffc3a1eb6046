/** Ending a run early: why (RunStop), and the one promise every early end settles (RunStopper). */
import { ComponentError } from '../errors.js';

/** A reason to end the run early. */
export class RunStop extends Error {
  constructor(
    readonly status: 'failed' | 'interrupted',
    reason: string,
    /** True when bench or the machine broke (a server or worker that would not start, an error in bench), not what was measured. */
    readonly broken = false,
  ) {
    super(reason);
  }

  /** Any error thrown while the run measures ends it as failed and broken, with the error's message. */
  static from(error: unknown): RunStop {
    if (error instanceof RunStop) return error;
    // An error that already says it is a failure of what was run (a component that would not start: exit 1) is not bench breaking.
    const failureOfWhatRan = error instanceof ComponentError;
    return new RunStop('failed', error instanceof Error ? error.message : String(error), !failureOfWhatRan);
  }
}

/** Everything that can end a run early (an abort, the server dying) goes through stop(). */
export class RunStopper {
  private stopWith: (stop: RunStop) => void = () => undefined;
  private readonly stopped: Promise<never>;

  constructor() {
    this.stopped = new Promise<never>((_, reject) => {
      this.stopWith = reject;
    });
    this.stopped.catch(() => undefined);
  }

  /** Ends the run early; the first call wins. */
  stop(stop: RunStop): void {
    this.stopWith(stop);
  }

  /** `work`, unless the run is stopped first: then rejects with the RunStop. */
  until<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.stopped]);
  }
}
