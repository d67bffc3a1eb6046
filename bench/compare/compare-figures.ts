/**
 * The figures `bench compare` can judge, from the shared list in figures.ts, each with the kind of
 * threshold it takes and which way is worse.
 */
import { FIGURES, type Figure } from '../stats/figures.js';
import type { RunSummary } from '../summary/run-summary-types.js';

export const FIGURE_KINDS = ['latency', 'memory', 'clients'] as const;
/** What a figure measures; decides its default threshold and the units its bounds may use. */
export type FigureKind = (typeof FIGURE_KINDS)[number];

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

const KIND_OF_UNIT: Record<Figure['unit'], FigureKind> = { ms: 'latency', bytes: 'memory', count: 'clients' };

/** The kind of a figure of this unit: times are latency, bytes memory, counts clients. */
export function kindOfUnit(unit: Figure['unit']): FigureKind {
  return KIND_OF_UNIT[unit];
}

function toCompareFigure(figure: Figure): CompareFigure {
  return {
    name: figure.name,
    unit: figure.unit,
    kind: kindOfUnit(figure.unit),
    better: figure.better,
    judgedByDefault: figure.compare === 'judged',
    read: (summary) => figure.read(summary),
  };
}

/** Every figure compare knows, in table order. */
export const COMPARE_FIGURES: readonly CompareFigure[] = FIGURES.filter((figure) => figure.compare !== null).map(toCompareFigure);

/** True when `selector` picks `figure`: its exact name, a dotted prefix of it, or its kind. */
export function selectorMatches(selector: string, figure: CompareFigure): boolean {
  return selector === figure.name || figure.name.startsWith(`${selector}.`) || selector === figure.kind;
}

/** The figures a selector picks; empty when it names nothing. */
export function figuresSelectedBy(selector: string): CompareFigure[] {
  return COMPARE_FIGURES.filter((figure) => selectorMatches(selector, figure));
}
