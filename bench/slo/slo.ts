/**
 * Service-level objectives for `bench capacity`: `connectMs.p99<500ms,failed<0.1%`. Each names a
 * figure of the run summary (bench/stats/figures.ts, the one list) and a bound in the figure's
 * unit: ms or s for times, B/KB/MB/GB/KiB/MiB/GiB for memory, a count or a % of the clients for counts.
 */
import { ConfigError } from '../errors.js';
import { FIGURES, findFigure, type Figure } from '../stats/figures.js';
import { stepFigureNamed } from '../compare/step-figures.js';
import type { RunSummary } from '../summary/run-summary-types.js';

/** Objectives the grammar's error shows as an example; a capacity search's own defaults are its --objective's (capacity-objectives.ts). */
const EXAMPLE_SLO = 'connectMs.p99<500ms,firstMessageMs.p99<200ms,failed<0.1%';

/** How a figure must compare with its bound to meet the objective. */
export type SloOperator = '<' | '<=' | '>' | '>=';

/** One objective: a figure and the bound it must stay within. */
export interface Slo {
  /** The objective as typed, e.g. connectMs.p99<500ms. */
  text: string;
  /** Dotted figure name, e.g. connectMs.p99. */
  figure: string;
  operator: SloOperator;
  /** The bound in the figure's unit (ms, bytes, count), or in percent of the clients when `percentOfClients`. */
  bound: number;
  /** True for a count bounded as a share of the clients (`failed<0.1%`): the value compared is count / clients * 100. */
  percentOfClients: boolean;
}

const UNIT_SIZES: Readonly<Record<Figure['unit'], Readonly<Record<string, number>>>> = {
  ms: { ms: 1, s: 1000 },
  bytes: { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 },
  count: { '': 1 },
};

const UNIT_HELP: Readonly<Record<Figure['unit'], string>> = {
  ms: 'ms or s, e.g. 500ms',
  bytes: 'B, KB, MB, GB, KiB, MiB or GiB, e.g. 300MB',
  count: 'a count or a percentage of the clients, e.g. 10 or 0.1%',
};

/** Figures an objective cannot name: they describe the run, not the server under load. */
const NOT_OBJECTIVES = new Set(['wallMs', 'runFailed']);

/** The figure names an SLO may use, a scenario's steps.<step>.<figure> besides. */
export function sloFigureNames(): string[] {
  return [...FIGURES.filter((figure) => !NOT_OBJECTIVES.has(figure.name)).map((figure) => figure.name), 'steps.<step>.p99 (and the other step figures)'];
}

/** The figure an objective names: one of the summary's, or a scenario step's (steps.send.p99<500ms); undefined when it names none. */
export function sloFigure(name: string): Pick<Figure, 'name' | 'unit' | 'read'> | undefined {
  if (NOT_OBJECTIVES.has(name)) return undefined;
  return findFigure(name) ?? stepFigureNamed(name) ?? undefined;
}

function parseOne(text: string): Slo {
  const match = /^([A-Za-z][\w.]*)\s*(<=|>=|<|>)\s*(.*)$/.exec(text);
  if (!match) throw new ConfigError(`--slo: "${text}" is not figure<bound (e.g. connectMs.p99<500ms); give objectives like ${EXAMPLE_SLO}`);
  const [, name = '', operator = '<', boundText = ''] = match;
  const figure = sloFigure(name);
  if (!figure) throw new ConfigError(`--slo: unknown figure "${name}"; use one of ${sloFigureNames().join(', ')}`);
  const bound = /^(\d+\.?\d*|\.\d+)\s*([A-Za-z%]*)$/.exec(boundText.trim());
  if (!bound) throw new ConfigError(`--slo: cannot read the bound "${boundText}" of ${name}; write a number with its unit: ${UNIT_HELP[figure.unit]}`);
  const [, number = '0', unit = ''] = bound;
  const percentOfClients = figure.unit === 'count' && unit === '%';
  const size = percentOfClients ? 1 : UNIT_SIZES[figure.unit][unit];
  if (size === undefined)
    throw new ConfigError(`--slo: ${name} is in ${figure.unit === 'count' ? 'clients' : figure.unit}, so "${boundText}" needs ${UNIT_HELP[figure.unit]}`);
  if (percentOfClients && Number(number) > 100)
    throw new ConfigError(`--slo: ${name}${operator}${boundText} is more than 100% of the clients; give a percentage from 0 to 100`);
  return { text, figure: name, operator: operator as SloOperator, bound: Number(number) * size, percentOfClients };
}

/** Parses --slo: comma-separated objectives, each figure named at most once. Throws ConfigError naming the bad one. */
export function parseSlo(raw: string): Slo[] {
  const items = raw.split(',').map((item) => item.trim());
  if (items.some((item) => item.length === 0)) throw new ConfigError(`--slo must be objectives separated by commas, without empty items; got "${raw}"`);
  const slos = items.map(parseOne);
  const seen = new Set<string>();
  for (const slo of slos) {
    if (seen.has(slo.figure)) throw new ConfigError(`--slo names ${slo.figure} twice; give each figure one bound`);
    seen.add(slo.figure);
  }
  return slos;
}

/** The value of an objective's figure in one run (a share of the clients for a % bound), or null when the run did not measure it. */
export function sloValue(slo: Slo, summary: RunSummary): number | null {
  const value = (sloFigure(slo.figure) as Pick<Figure, 'read'>).read(summary);
  if (value === null) return null;
  return slo.percentOfClients ? (value / Math.max(1, summary.clients)) * 100 : value;
}

/** Whether a value meets the objective. */
export function meetsSlo(slo: Slo, value: number): boolean {
  switch (slo.operator) {
    case '<':
      return value < slo.bound;
    case '<=':
      return value <= slo.bound;
    case '>':
      return value > slo.bound;
    case '>=':
      return value >= slo.bound;
  }
}

/** The value a run that did not measure the figure counts as: the worst there is, so it never meets the objective. */
export function worstValue(slo: Slo): number {
  return slo.operator.startsWith('<') ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}
