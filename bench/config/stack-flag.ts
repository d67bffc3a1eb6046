/** --stack: which library stack a run or server loads, and a check that its packages are installed. */
import { ComponentError } from '../errors.js';
import { parseChoice } from './flag-parsers.js';
import { findMissingModule } from '../../protocol/load-library.js';
import { DEFAULT_STACK, installCommand, STACK_NAMES, unsupportedOnThisNode, type StackName } from '../../protocol/stacks.js';
import type { TransportName } from '../../protocol/transports.js';

/** Stacks already found installed in this process: a sweep resolves one config per cell. */
const installed = new Set<StackName>();

/**
 * The stack named by --stack (default current): ConfigError (exit 2, from parseChoice) for an
 * unknown one, ComponentError (exit 1) with the install command when one of its packages is missing.
 */
export function resolveStack(input: { stack?: string }): StackName {
  const stack = parseChoice('--stack', input.stack ?? DEFAULT_STACK, STACK_NAMES);
  if (!installed.has(stack)) {
    const missing = findMissingModule(stack);
    if (missing !== null) {
      throw new ComponentError(`--stack ${stack} needs the package ${missing}, which is not installed; run: ${installCommand(stack)}`);
    }
    installed.add(stack);
  }
  return stack;
}

/**
 * ComponentError (exit 1) when this Node cannot load the echo server of `transport` on `stack`.
 * Called where bench is about to start that server itself, after every flag has been checked.
 */
export function refuseServerThisNodeCannotRun(stack: StackName, transport: TransportName): void {
  const reason = unsupportedOnThisNode(stack, transport);
  if (reason !== null) throw new ComponentError(reason);
}
