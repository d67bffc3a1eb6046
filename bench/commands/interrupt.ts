/** SIGINT/SIGTERM during a long command: the first stops it cleanly, a second exits at once. */
import { ExitCode } from '../exit-codes.js';

/** Exit status after a signal: 128 + its number. */
export function interruptExitCode(signal: NodeJS.Signals | null): ExitCode {
  return signal === 'SIGTERM' ? ExitCode.sigterm : ExitCode.sigint;
}

/** What a second signal does; cli.ts, the only place that exits, installs it. */
let exitAtOnce: (exitCode: ExitCode) => void = () => undefined;

/** Sets what a second SIGINT/SIGTERM does (cli.ts passes process.exit). */
export function onSecondSignal(handler: (exitCode: ExitCode) => void): void {
  exitAtOnce = handler;
}

/** Runs `work` with an AbortSignal that the first SIGINT/SIGTERM aborts. */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ result: T; signal: NodeJS.Signals | null }> {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== null) {
      process.stderr.write(`\nbench: second ${signal}, exiting now without finishing the files\n`);
      exitAtOnce(interruptExitCode(signal));
      return;
    }
    received = signal;
    process.stderr.write(`\nbench: ${signal} received, stopping and writing what was measured (again to exit at once)\n`);
    // The reason names the signal, so the run's status line can say what stopped it.
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(controller.signal);
    return { result, signal: received };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** For services (`bench server`, `bench agent`): resolves once SIGINT or SIGTERM arrives and `close` has finished. */
export function runUntilStopSignal(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
