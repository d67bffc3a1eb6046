/**
 * Flags that contradict each other on one command line: a single-value flag given twice
 * (`-t ws -t socketio`), or a flag and its negation (`--per-message-deflate
 * --no-per-message-deflate`). commander keeps the last one silently; bench refuses, naming both.
 * Repeatable flags (--header, --slo, --kill, ...: those with a collector) may repeat.
 */
import type { Command, Option } from 'commander';
import { ConfigError } from '../errors.js';

/** One use of a flag on the command line: how it was written, and its value when it takes one. */
interface FlagUse {
  written: string;
  value: string | null;
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

/** A flag that may be given more than once: it collects its values (a custom parser) or is variadic. */
function isRepeatable(option: Option): boolean {
  return option.variadic || (option as Option & { parseArg?: unknown }).parseArg !== undefined;
}

/** Every use of each of `command`'s flags in `args` (the tokens after the command's name), by option attribute. */
function flagUses(command: Command, args: readonly string[]): Map<string, FlagUse[]> {
  const byFlag = new Map<string, Option>();
  for (const option of command.options) {
    if (option.long) byFlag.set(option.long, option);
    if (option.short) byFlag.set(option.short, option);
  }
  const uses = new Map<string, FlagUse[]>();
  for (let index = 0; index < args.length; index += 1) {
    const token = args[index] as string;
    if (token === '--') break;
    if (!token.startsWith('-')) continue;
    const equals = token.indexOf('=');
    const written = token.startsWith('--') && equals > 0 ? token.slice(0, equals) : token;
    const option = byFlag.get(written);
    if (option === undefined) continue;
    let value: string | null = null;
    if (takesValue(option)) {
      if (written !== token) value = token.slice(equals + 1);
      // An optional value (`--per-message-deflate [mode]`) is not the next flag, as commander reads it.
      else if (index + 1 < args.length && !(option.optional && (args[index + 1] as string).startsWith('-'))) {
        index += 1;
        value = args[index] as string;
      }
    }
    const key = option.attributeName();
    uses.set(key, [...(uses.get(key) ?? []), { written, value }]);
  }
  return uses;
}

/** Throws ConfigError for the first single-value flag of `command` given twice in `argv`, or given with its negation. */
export function refuseRepeatedFlags(command: Command, argv: readonly string[]): void {
  const at = argv.indexOf(command.name());
  const args = at < 0 ? argv : argv.slice(at + 1);
  const repeatable = new Set(command.options.filter(isRepeatable).map((option) => option.attributeName()));
  for (const [attribute, uses] of flagUses(command, args)) {
    if (uses.length < 2 || repeatable.has(attribute)) continue;
    const forms = [...new Set(uses.map((use) => use.written))];
    const negated = forms.some((form) => form.startsWith('--no-')) && forms.some((form) => !form.startsWith('--no-'));
    if (negated) throw new ConfigError(`${forms.join(' and ')} contradict each other: give one of them`);
    const values = uses.map((use) => use.value).filter((value): value is string => value !== null);
    const shown = values.length === uses.length ? ` (${values.join(', then ')})` : '';
    throw new ConfigError(
      `${forms.join(' and ')} given ${uses.length} times${shown}: give it once; only --header, --slo and the other repeatable flags may repeat`,
    );
  }
}
