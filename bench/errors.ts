/** The error classes bench throws: one per exit meaning, each with a stable code and its exit status. */
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

/** The machine cannot do what was asked (fd limit, unwritable folder, disk full): exit 3. */
export class EnvironmentError extends BenchError {
  constructor(message: string) {
    super(message, 'E_ENVIRONMENT', ExitCode.broken);
  }
}

/**
 * Something the measured setup needs is missing here or would not start (a stack's package, a Node
 * that can load it, redis-server, nginx or haproxy, the Redis at --redis-url): exit 1, a run that
 * fails as measured, not bench breaking. An EnvironmentError still, so that a capacity search stops
 * on it as on the machine's other limits.
 */
export class ComponentError extends EnvironmentError {
  override readonly exitCode = ExitCode.failure;
}

/** An address or port given by the user that cannot be bound (--host, --port of server and agent): exit 2, nothing started. */
export class BindError extends EnvironmentError {
  override readonly exitCode = ExitCode.usage;
}

/** A run that could not be carried out (the server or a worker would not start, an agent out of reach): exit 3. */
export class RunError extends BenchError {
  constructor(message: string) {
    super(message, 'E_RUN', ExitCode.broken);
  }
}

/** Results that cannot be judged as asked (shards that did not start together): exit 4, nothing written. */
export class NotJudgedError extends BenchError {
  constructor(message: string) {
    super(message, 'E_RUN', ExitCode.notJudged);
  }
}
