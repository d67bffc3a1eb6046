/**
 * The `--config FILE` of `bench compare`: thresholds and options kept in the repository next to a
 * baseline. Shape (every key optional):
 *
 *   { "thresholds": { "firstMessageMs.p99": "+20%,+5ms", "memory": "+15%", "connectMs": "off" },
 *     "allowSaturated": false }
 *
 * Values use the same grammar as `--threshold` (see thresholds.ts).
 */
import { splitStackList } from '../../protocol/stack-spec.js';
import { stackIdOf } from '../config/stack-flag.js';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { parseBounds, parseThresholdFlag, type ThresholdRule } from './thresholds.js';

/** What the config file and the flags together decide. */
export interface CompareSettings {
  /** Config file rules first, then flag rules; later ones win. */
  rules: ThresholdRule[];
  /** Judge cells whose load generator was saturated. */
  allowSaturated: boolean;
  /**
   * Match cells across library stacks: 'any' matches each side's cells whatever their stack; a pair
   * takes the baseline side's runs of one stack and the current side's runs of the other (the sides may be one folder).
   */
  acrossStacks: null | 'any' | { baseline: string; current: string };
}

/** Flags of `bench compare` that carry settings. */
export interface CompareSettingsInput {
  threshold?: string[];
  config?: string;
  allowSaturated?: boolean;
  /** true (the flag alone) or "baseline-stack,current-stack". */
  acrossStacks?: boolean | string;
}

const CONFIG_KEYS = ['thresholds', 'allowSaturated'];

/** Reads and checks a config file; ConfigError naming the file and the key on any problem. */
export function loadCompareConfig(file: string): { rules: ThresholdRule[]; allowSaturated: boolean | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read --config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`--config ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`--config ${file} must hold a JSON object such as {"thresholds": {"firstMessageMs.p99": "+20%"}}`);
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !CONFIG_KEYS.includes(key));
  if (unknown.length > 0) throw new ConfigError(`${file}: unknown key "${unknown[0]}"; the keys are ${CONFIG_KEYS.join(', ')}`);

  const allowSaturated = record.allowSaturated;
  if (allowSaturated !== undefined && typeof allowSaturated !== 'boolean') {
    throw new ConfigError(`${file}: "allowSaturated" must be true or false`);
  }
  const thresholds = record.thresholds ?? {};
  if (thresholds === null || typeof thresholds !== 'object' || Array.isArray(thresholds)) {
    throw new ConfigError(`${file}: "thresholds" must be an object of figure: bounds, such as {"firstMessageMs.p99": "+20%,+5ms"}`);
  }
  const rules = Object.entries(thresholds as Record<string, unknown>).map(([selector, bounds]) => {
    const where = `${file}: thresholds["${selector}"]`;
    if (typeof bounds !== 'string') throw new ConfigError(`${where} must be a string such as "+20%,+2ms" or "off"`);
    return parseBounds(selector, bounds, where);
  });
  return { rules, allowSaturated };
}

/** Config file first, then the flags: a flag overrides the file. */
export function resolveCompareSettings(input: CompareSettingsInput): CompareSettings {
  const fromFile = input.config !== undefined ? loadCompareConfig(input.config) : { rules: [], allowSaturated: undefined };
  const fromFlags = (input.threshold ?? []).map(parseThresholdFlag);
  return {
    rules: [...fromFile.rules, ...fromFlags],
    allowSaturated: input.allowSaturated === true || fromFile.allowSaturated === true,
    acrossStacks: parseAcrossStacks(input.acrossStacks),
  };
}

/** --across-stacks alone, or with the two stacks (as --stack names them: pinned names or specs) the sides are taken from. */
function parseAcrossStacks(raw: boolean | string | undefined): CompareSettings['acrossStacks'] {
  if (raw === undefined || raw === false) return null;
  if (raw === true) return 'any';
  const stacks = splitStackList(raw).map((stack) => {
    try {
      return stackIdOf(stack, '--across-stacks');
    } catch (error) {
      // The flag's value is optional: a folder given right after it is read as its value.
      if (error instanceof ConfigError) throw new ConfigError(`${error.message}; give the two stacks, or put --across-stacks after the folders`);
      throw error;
    }
  });
  // The same stack twice is an A/A pair of two folders (compare refuses one folder against itself).
  if (stacks.length !== 2) {
    throw new ConfigError(`--across-stacks takes two stacks, the baseline's then the current's, e.g. socket.io@4.6.2,socket.io@4.7.5; got "${raw}"`);
  }
  return { baseline: stacks[0] as string, current: stacks[1] as string };
}
