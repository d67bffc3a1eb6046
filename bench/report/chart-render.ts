/** Turns a Vega-Lite spec into SVG (vega's headless renderer) and PNG (resvg, from that SVG); no browser involved. */
import { Resvg } from '@resvg/resvg-js';
import { parse, View, type Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { RunError } from '../errors.js';

/** A chart rendered to files' contents. */
export interface RenderedChart {
  /** The compiled Vega spec (what vega-embed runs in the page). */
  vega: VegaSpec;
  svg: string;
  png: Uint8Array;
  /** What vega-lite and vega warned about while compiling and drawing; empty for a sound chart. */
  warnings: string[];
}

/** Keeps vega's and vega-lite's messages instead of printing them: the engine never prints. */
class CollectingLogger {
  readonly messages: string[] = [];
  private current = 2;

  level(value?: number): number | this {
    if (value === undefined) return this.current;
    this.current = value;
    return this;
  }

  error(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }

  warn(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }

  info(): this {
    return this;
  }

  debug(): this {
    return this;
  }
}

/** PNG pixels per SVG pixel: sharp on high-density screens and in print. */
const PNG_SCALE = 2;

/** Compiles a Vega-Lite spec; RunError names the chart when vega-lite refuses it. */
export function compileChart(name: string, spec: TopLevelSpec, logger = new CollectingLogger()): VegaSpec {
  try {
    return compile(spec, { logger }).spec;
  } catch (error) {
    throw new RunError(`chart ${name} does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Renders a spec to SVG with vega's View, headless (renderer none), and to PNG with resvg. */
export async function renderChart(name: string, spec: TopLevelSpec): Promise<RenderedChart> {
  const logger = new CollectingLogger();
  const vega = compileChart(name, spec, logger);
  const view = new View(parse(vega), { renderer: 'none', logger });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const png = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return { vega, svg, png, warnings: logger.messages };
}
