/**
 * Regression thresholds: their defaults, the `--threshold` grammar, and how rules from the config
 * file and the flags resolve into one threshold per figure.
 *
 * Grammar of one rule (a `--threshold` value, or a key and value of the config file's "thresholds"):
 *
 *   <selector>=<bounds>
 *   selector := a figure name (firstMessageMs.p99, steps.<step>.p99), a dotted prefix of names
 *               (firstMessageMs, server, steps.<step>), or a kind (latency, memory, clients)
 *   bounds   := off | <bound> | <bound>,<bound>
 *   bound    := +<number>%        relative to the baseline's median
 *             | +<number><unit>  absolute: ms or s for times; B, KB, MB, GB, KiB, MiB, GiB for
 *                               memory; no unit for client counts
 *
 * A change is a regression only when it is over both bounds; a rule that gives one bound keeps the
 * other one. A selector over figures of several kinds (steadyTraffic, steps.<step>) takes only off.
 * Rules apply in order (config file first, then flags), later ones win.
 */
import { ConfigError } from '../errors.js';
import { COMPARE_FIGURES, FIGURE_KINDS, figuresSelectedBy, selectorMatches, type CompareFigure, type FigureKind } from './compare-figures.js';
import { kindsOfStepSelector } from './step-figures.js';

const KIB = 1024;
const MIB = 1024 * KIB;

/** One rule as given by a flag or the config file. */
export interface ThresholdRule {
  selector: string;
  /** Smallest relative change that counts, as a fraction (0.2 for +20%); undefined keeps the one before. */
  relative?: number;
  /** Smallest absolute change that counts, in the figure's unit (ms, bytes, clients); undefined keeps the one before. */
  absolute?: number;
  /** The figures selected are not judged. */
  off: boolean;
  /** Where the rule came from, for messages: `--threshold "..."` or `<file>: thresholds["..."]`. */
  source: string;
}

/** The threshold in force for one figure. */
export interface Threshold {
  /** Relative bound as a fraction of the baseline's median (0.25 = +25%). */
  relative: number;
  /** Absolute bound in the figure's unit. */
  absolute: number;
  /** True when `absolute` is server memory in bytes spread over the cell's clients (bytes per connection). */
  absolutePerClient: boolean;
}

/** Defaults per kind of figure: latency +25% and +2 ms, memory +10% and +5 MiB, any new failed client. */
export const KIND_DEFAULTS: Readonly<Record<FigureKind, { relative: number; absolute: number }>> = {
  latency: { relative: 0.25, absolute: 2 },
  memory: { relative: 0.1, absolute: 5 * MIB },
  clients: { relative: 0, absolute: 0 },
};

/**
 * Bytes per connection is noisy at small client counts (a few MiB of RSS noise over a few hundred
 * connections), so by default its absolute bound is the memory bound spread over the clients.
 */
const PER_CLIENT_FIGURE = 'server.bytesPerConnection';

const UNIT_FACTORS: Record<FigureKind, Record<string, number>> = {
  latency: { ms: 1, s: 1000 },
  memory: { b: 1, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, kib: KIB, mib: MIB, gib: 1024 * MIB },
  clients: { '': 1 },
};

const UNIT_HELP: Record<FigureKind, string> = {
  latency: 'ms or s',
  memory: 'B, KB, MB, GB, KiB, MiB or GiB',
  clients: 'no unit (a number of clients)',
};

/** The kinds of the figures a selector picks; ConfigError when it picks none. */
function kindsOfSelector(selector: string, where: string): FigureKind[] {
  if ((FIGURE_KINDS as readonly string[]).includes(selector)) return [selector as FigureKind];
  // Step figures exist only in the summaries, which are read after the rules: step-figures.ts knows their kinds.
  const stepKinds = kindsOfStepSelector(selector, where);
  if (stepKinds !== null) return stepKinds;
  const figures = figuresSelectedBy(selector);
  if (figures.length === 0) {
    throw new ConfigError(
      `${where}: unknown figure "${selector}"; use a figure name such as firstMessageMs.p99 or server.steadyRssBytes, ` +
        `a prefix such as connectMs, a step's figure such as steps.<step>.p99, or ${FIGURE_KINDS.join(', ')}`,
    );
  }
  return [...new Set(figures.map((figure) => figure.kind))];
}

/** Parses bounds ("off", "+20%", "+2ms", "+20%,+2ms") for a selector into a rule. */
export function parseBounds(selector: string, text: string, where: string): ThresholdRule {
  const kinds = kindsOfSelector(selector, where);
  const trimmed = text.trim();
  if (trimmed === 'off') return { selector, off: true, source: where };
  // A bound over figures of several kinds would have no one unit; off needs none.
  const kind = kinds[0] as FigureKind;
  if (kinds.length > 1) throw new ConfigError(`${where}: "${selector}" picks figures of different kinds; give it off, or name them one by one`);
  const rule: ThresholdRule = { selector, off: false, source: where };
  const parts = trimmed.split(',').map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw new ConfigError(`${where}: give "off", one bound or two separated by a comma, such as +20%,+2ms; got "${text}"`);
  }
  for (const part of parts) {
    const match = /^\+?(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z%]*)$/.exec(part);
    if (!match) {
      const hint = part.startsWith('-')
        ? 'thresholds are increases, so the number cannot be negative'
        : `such as +20% or +2${kind === 'latency' ? 'ms' : kind === 'memory' ? 'MiB' : ''}`;
      throw new ConfigError(`${where}: "${part}" is not a bound; ${hint}`);
    }
    const value = Number(match[1]);
    const unit = match[2] ?? '';
    if (unit === '%') {
      if (rule.relative !== undefined) throw new ConfigError(`${where}: two relative bounds; give one % bound and one absolute bound`);
      rule.relative = value / 100;
      continue;
    }
    const factor = UNIT_FACTORS[kind][unit.toLowerCase()];
    if (factor === undefined) {
      throw new ConfigError(`${where}: "${part}" has unit "${unit}", but ${selector} is ${kind}; use % or ${UNIT_HELP[kind]}`);
    }
    if (rule.absolute !== undefined) throw new ConfigError(`${where}: two absolute bounds; give one % bound and one absolute bound`);
    rule.absolute = value * factor;
  }
  return rule;
}

/** Parses one `--threshold <selector>=<bounds>` value. */
export function parseThresholdFlag(raw: string): ThresholdRule {
  const where = `--threshold "${raw}"`;
  const equals = raw.indexOf('=');
  if (equals <= 0) throw new ConfigError(`${where}: write <figure>=<bounds>, such as firstMessageMs.p99=+20% or memory=+10%,+5MiB`);
  return parseBounds(raw.slice(0, equals).trim(), raw.slice(equals + 1), where);
}

/** The threshold of a figure after the rules, or null when the figure is not judged. */
export function resolveThreshold(figure: CompareFigure, rules: readonly ThresholdRule[]): Threshold | null {
  const start = KIND_DEFAULTS[figure.kind];
  const threshold: Threshold = { relative: start.relative, absolute: start.absolute, absolutePerClient: figure.name === PER_CLIENT_FIGURE };
  let judged = figure.judgedByDefault;
  for (const rule of rules) {
    if (!selectorMatches(rule.selector, figure)) continue;
    const exact = rule.selector === figure.name;
    if (rule.off) {
      judged = false;
      continue;
    }
    // Naming a figure turns it on; a prefix or kind only adjusts the figures judged by default.
    if (exact || figure.judgedByDefault) judged = true;
    if (rule.relative !== undefined) threshold.relative = rule.relative;
    if (rule.absolute !== undefined) {
      threshold.absolute = rule.absolute;
      // A memory bound given for a group is server memory; only naming the figure gives bytes per connection.
      threshold.absolutePerClient = figure.name === PER_CLIENT_FIGURE && !exact;
    }
  }
  return judged ? threshold : null;
}

/** Every figure with its threshold, for the figures judged under these rules; `figures` adds the steps of the summaries compared. */
export function judgedFigures(
  rules: readonly ThresholdRule[],
  figures: readonly CompareFigure[] = COMPARE_FIGURES,
): Array<{ figure: CompareFigure; threshold: Threshold }> {
  return figures.flatMap((figure) => {
    const threshold = resolveThreshold(figure, rules);
    return threshold ? [{ figure, threshold }] : [];
  });
}
