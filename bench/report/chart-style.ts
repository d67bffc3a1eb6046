/**
 * What every chart shares: one colour per transport (protocol/transports.ts), one dash per
 * setting (stack or profile), series names, sizes and fonts, and the shape of a chart handed to
 * the renderer and the page.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { TRANSPORT_NAMES, TRANSPORTS, variantLabel, type TransportName, type TransportVariant } from '../../protocol/transports.js';
import { settingLabel, type RunSetting } from '../results/run-setting.js';

/** A chart of the report: its file name, a caption for the page, and its Vega-Lite spec with the data inlined. */
export interface ReportChart {
  /** File name without extension: charts/<name>.vl.json, .svg, .png. */
  name: string;
  title: string;
  /** One or two sentences under the chart: what the marks and bands mean. */
  caption: string;
  spec: TopLevelSpec;
}

/** A line of a chart: a transport with one variant in one setting. */
export interface Series {
  label: string;
  transport: TransportName;
  variant: TransportVariant;
  /** The setting's label (settingLabel): "default", "study-2020", ... */
  setting: string;
}

/** What names a line: a cell, or a run's summary with its setting. */
export interface SeriesSource {
  transport: TransportName;
  variant: TransportVariant;
  setting: RunSetting;
}

/**
 * Series names: the transport alone; with the variant when one setting holds two variants of that
 * transport ("socketio polling,websocket"); with the setting when the report holds two settings
 * ("socketio (study-2020)").
 */
export function seriesNamer(cells: readonly SeriesSource[]): (cell: SeriesSource) => string {
  const variants = new Map<string, Set<string>>();
  for (const cell of cells) {
    const key = `${cell.transport}/${settingLabel(cell.setting)}`;
    const set = variants.get(key) ?? new Set<string>();
    set.add(variantLabel(cell.transport, cell.variant));
    variants.set(key, set);
  }
  const settings = new Set(cells.map((cell) => settingLabel(cell.setting)));
  return (cell) => {
    const setting = settingLabel(cell.setting);
    const variant = (variants.get(`${cell.transport}/${setting}`)?.size ?? 0) > 1 ? ` ${variantLabel(cell.transport, cell.variant)}` : '';
    return `${cell.transport}${variant}${settings.size > 1 ? ` (${setting})` : ''}`;
  };
}

/** The series of a cell or run, named by `name`. */
export function seriesOf(cell: SeriesSource, name: (cell: SeriesSource) => string): Series {
  return { label: name(cell), transport: cell.transport, variant: cell.variant, setting: settingLabel(cell.setting) };
}

/** Dash patterns in order: solid first, so the default setting (or the first variant) is a plain line. */
const DASHES: readonly number[][] = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
];

/**
 * The strokeDash encoding of a chart's lines: one dash per setting when the report holds two or
 * more (the colour stays the transport's), else one per variant where a transport has two; none
 * when colour alone tells every line apart.
 */
export function dashEncoding(series: readonly Series[]): {
  strokeDash?: { field: 'series'; type: 'nominal'; title: 'transport'; scale: { domain: string[]; range: number[][] } };
} {
  const settings = [...new Set(series.map((item) => item.setting))].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  const { domain } = colorScale(series);
  if (settings.length <= 1 && !needsDashes(series)) return {};
  const range = domain.map((label, index) => {
    const item = series.find((candidate) => candidate.label === label) as Series;
    if (settings.length > 1) return DASHES[settings.indexOf(item.setting) % DASHES.length] as number[];
    const sameTransport = domain.slice(0, index).filter((other) => series.find((candidate) => candidate.label === other)?.transport === item.transport);
    return DASHES[sameTransport.length % DASHES.length] as number[];
  });
  return { strokeDash: { field: 'series', type: 'nominal', title: 'transport', scale: { domain, range } } };
}

/** The colour scale of a chart: its series, each in its transport's colour, in transport order. */
export function colorScale(series: readonly Series[]): { domain: string[]; range: string[] } {
  const sorted = [...series].sort((a, b) => TRANSPORT_NAMES.indexOf(a.transport) - TRANSPORT_NAMES.indexOf(b.transport) || a.label.localeCompare(b.label));
  const unique = sorted.filter((item, index) => sorted.findIndex((other) => other.label === item.label) === index);
  return { domain: unique.map((item) => item.label), range: unique.map((item) => TRANSPORTS[item.transport].color) };
}

/** True when two series share a transport, so colour alone cannot tell them apart and dashes must. */
export function needsDashes(series: readonly Series[]): boolean {
  const transports = new Set(series.map((item) => item.transport));
  return new Set(series.map((item) => item.label)).size > transports.size;
}

export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 300;

/** Look shared by every chart: white background (so SVG and PNG read alone), one font, light grid. */
export const CHART_CONFIG: Config = {
  background: 'white',
  font: 'DejaVu Sans, Verdana, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'right', symbolOpacity: 1 },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
};

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
