/** The few error classes bench throws, each with a stable code and exit status. */
import { ExitCode } from './exit-codes.js';

/** Base class: `code` is stable for scripts, `exitCode` is what the CLI exits with. */
export class BenchError extends Error {
  constructor(
    message: string,
    readonly code: string,
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

/** The machine cannot do what was asked (fd limit, port in use, unwritable folder): exit 1. */
export class EnvironmentError extends BenchError {
  constructor(message: string, exitCode: ExitCode = ExitCode.failure) {
    super(message, 'E_ENVIRONMENT', exitCode);
  }
}

/** A run that could not be carried out (server died, did not listen): exit 1. */
export class RunError extends BenchError {
  constructor(message: string) {
    super(message, 'E_RUN', ExitCode.failure);
  }
}
