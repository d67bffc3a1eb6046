/**
 * The flags the user gave: commander fills a negatable flag (--no-sticky) with a default of its
 * own, which must not pass for a choice when a command records or forwards its flags.
 */
import type { Command } from 'commander';

export function givenFlags<T extends object>(command: Command, flags: T): T {
  return Object.fromEntries(Object.entries(flags).filter(([name]) => command.getOptionValueSource(name) !== 'default')) as T;
}
