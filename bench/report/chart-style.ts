/**
 * What every chart shares: one colour per transport (protocol/transports.ts), series names,
 * sizes and fonts, and the shape of a chart handed to the renderer and the page.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { TRANSPORT_NAMES, TRANSPORTS, variantLabel, type TransportName, type TransportVariant } from '../../protocol/transports.js';

/** A chart of the report: its file name, a caption for the page, and its Vega-Lite spec with the data inlined. */
export interface ReportChart {
  /** File name without extension: charts/<name>.vl.json, .svg, .png. */
  name: string;
  title: string;
  /** One or two sentences under the chart: what the marks and bands mean. */
  caption: string;
  spec: TopLevelSpec;
}

/** A line of a chart: a transport with one variant. */
export interface Series {
  label: string;
  transport: TransportName;
  variant: TransportVariant;
}

/**
 * Series names: the transport alone, unless the report holds two variants of that transport,
 * then with the variant ("socketio polling,websocket").
 */
export function seriesNamer(cells: ReadonlyArray<{ transport: TransportName; variant: TransportVariant }>): (transport: TransportName, variant: TransportVariant) => string {
  const variants = new Map<TransportName, Set<string>>();
  for (const cell of cells) {
    const set = variants.get(cell.transport) ?? new Set<string>();
    set.add(variantLabel(cell.transport, cell.variant));
    variants.set(cell.transport, set);
  }
  return (transport, variant) => ((variants.get(transport)?.size ?? 0) > 1 ? `${transport} ${variantLabel(transport, variant)}` : transport);
}

/** The colour scale of a chart: its series, each in its transport's colour, in transport order. */
export function colorScale(series: readonly Series[]): { domain: string[]; range: string[] } {
  const sorted = [...series].sort(
    (a, b) => TRANSPORT_NAMES.indexOf(a.transport) - TRANSPORT_NAMES.indexOf(b.transport) || a.label.localeCompare(b.label),
  );
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
