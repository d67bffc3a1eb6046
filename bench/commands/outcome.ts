import type { ExitCode } from '../exit-codes.js';

/** What a command hands back to cli.ts, which alone exits the process. */
export interface CommandOutcome {
  exitCode: ExitCode;
}
