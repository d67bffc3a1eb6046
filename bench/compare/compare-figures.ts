/**
 * The figures `bench compare` can judge: the shared list in figures.ts, each with the kind of
 * threshold it takes and which way is worse, plus the steady-traffic round trips when a run has them.
 */
import { FIGURES, HEADLINE_FIGURES, type Figure } from '../stats/figures.js';
import type { RunSummary } from '../results/run-summary.js';

/** What a figure measures; decides its default threshold and the units its bounds may use. */
export type FigureKind = 'latency' | 'memory' | 'clients';

export const FIGURE_KINDS: readonly FigureKind[] = ['latency', 'memory', 'clients'];

/** One figure as compare sees it. */
export interface CompareFigure {
  /** Dotted name as used in flags, tables and JSON, e.g. firstMessageMs.p99. */
  name: string;
  unit: Figure['unit'];
  kind: FigureKind;
  /** 'lower': an increase is a regression (times, memory, failures); 'higher': a decrease is. */
  better: 'lower' | 'higher';
  /** Judged with the default thresholds; other figures only when a --threshold names them. */
  judgedByDefault: boolean;
  read(summary: RunSummary): number | null;
}

/** The figures the issue lists as the regression check: latency p50/p99, memory, failures. */
const JUDGED_BY_DEFAULT = new Set([
  ...HEADLINE_FIGURES,
  'dropped',
  'runFailed',
  'steadyTraffic.lost',
  'steadyTraffic.outOfOrder',
  'steadyTraffic.roundTripMs.p50',
  'steadyTraffic.roundTripMs.p99',
]);

const KIND_OF_UNIT: Record<Figure['unit'], FigureKind> = { ms: 'latency', bytes: 'memory', count: 'clients' };

/** Percentile keys of the steady-traffic round trip, in the summary's order. */
const ROUND_TRIP_KEYS = ['p50', 'p90', 'p99', 'p999', 'max'] as const;

/**
 * Reads summary.steadyTraffic.roundTripMs structurally, so summaries written before steady traffic
 * existed (no such field) read as "not measured" rather than failing.
 */
function readRoundTrip(summary: RunSummary, key: (typeof ROUND_TRIP_KEYS)[number]): number | null {
  const traffic = (summary as { steadyTraffic?: { roundTripMs?: Record<string, unknown> | null } | null }).steadyTraffic;
  const value = traffic?.roundTripMs?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function fromShared(figure: Figure): CompareFigure {
  return {
    name: figure.name,
    unit: figure.unit,
    kind: KIND_OF_UNIT[figure.unit],
    better: figure.name === 'connected' ? 'higher' : 'lower',
    judgedByDefault: JUDGED_BY_DEFAULT.has(figure.name),
    read: (summary) => figure.read(summary),
  };
}

/** Every figure compare knows, in table order. */
export const COMPARE_FIGURES: readonly CompareFigure[] = [
  ...FIGURES.map(fromShared),
  // Skips any round-trip figure the shared list comes to hold itself, so no name appears twice.
  ...ROUND_TRIP_KEYS.filter((key) => !FIGURES.some((figure) => figure.name === `steadyTraffic.roundTripMs.${key}`)).map(
    (key): CompareFigure => ({
      name: `steadyTraffic.roundTripMs.${key}`,
      unit: 'ms',
      kind: 'latency',
      better: 'lower',
      judgedByDefault: JUDGED_BY_DEFAULT.has(`steadyTraffic.roundTripMs.${key}`),
      read: (summary) => readRoundTrip(summary, key),
    }),
  ),
];

/** True when `selector` picks `figure`: its exact name, a dotted prefix of it, or its kind. */
export function selectorMatches(selector: string, figure: CompareFigure): boolean {
  return selector === figure.name || figure.name.startsWith(`${selector}.`) || selector === figure.kind;
}

/** The figures a selector picks; empty when it names nothing. */
export function figuresSelectedBy(selector: string): CompareFigure[] {
  return COMPARE_FIGURES.filter((figure) => selectorMatches(selector, figure));
}
