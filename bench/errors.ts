/** The few error classes bench throws, each with a stable code and exit status. */
import { ExitCode } from './exit-codes.js';

/**
 * Stable codes for scripts (printed on stdout with --json): E_CONFIG and E_USAGE bad input,
 * E_ENVIRONMENT the machine, E_RUN a run that could not be carried out, E_INTERNAL a bug in bench.
 */
export type BenchErrorCode = 'E_CONFIG' | 'E_USAGE' | 'E_ENVIRONMENT' | 'E_RUN' | 'E_INTERNAL';

/** Base class: `code` is stable for scripts, `exitCode` is what the CLI exits with. */
export class BenchError extends Error {
  constructor(
    message: string,
    readonly code: BenchErrorCode,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, bad files given by the user, conflicting options: exit 2, nothing started. */
export class ConfigError extends BenchError {
  constructor(message: string) {
    super(message, 'E_CONFIG', ExitCode.usage);
  }
}

/** The machine cannot do what was asked (fd limit, unwritable folder, disk full): exit 3; a port in use given by the user: exit 2. */
export class EnvironmentError extends BenchError {
  constructor(message: string, exitCode: ExitCode = ExitCode.broken) {
    super(message, 'E_ENVIRONMENT', exitCode);
  }
}

/** A run that could not be carried out (the server or a worker would not start, an agent out of reach): exit 3. */
export class RunError extends BenchError {
  constructor(message: string) {
    super(message, 'E_RUN', ExitCode.broken);
  }
}
