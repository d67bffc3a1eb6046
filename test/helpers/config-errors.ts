/** Checks for the ConfigError a resolve function throws on bad input, without starting a process. */
import { expect } from 'vitest';
import { ConfigError } from '../../bench/errors.js';

/**
 * Runs `action` and checks it threw a ConfigError (exit 2 through the CLI) whose message is one
 * line holding every part. The CLI prints this message as-is after "bench: ", so the text is what
 * a user sees; test/cli/bad-input.test.ts proves that end to end once per command.
 */
export function expectConfigError(action: () => unknown, ...parts: string[]): void {
  let thrown: unknown = null;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ConfigError naming: ${parts.join(' / ')}`).toBeInstanceOf(ConfigError);
  const error = thrown as ConfigError;
  expect(error.exitCode).toBe(2);
  for (const part of parts) expect(error.message).toContain(part);
  expect(error.message).not.toContain('\n');
}
