/** `bench report` from committed fixture results: charts compile and draw, the page stands alone, run data is escaped. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReportSource } from '../../bench/report/report-source.js';
import { freshDir, readJson, runCli } from '../helpers/cli.js';
import { expectConfigError } from '../helpers/config-errors.js';
import { reportOf, RUN_FIXTURE, SCRIPT_LABEL, SWEEP_FIXTURE } from '../helpers/report-fixtures.js';

/** Every colour scale in a spec, as transport -> colour. */
function colourPairs(value: unknown, found: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(value)) for (const item of value) colourPairs(item, found);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const scale = (record.color as { scale?: { domain?: string[]; range?: string[] } } | undefined)?.scale;
    if (scale?.domain && scale.range) scale.domain.forEach((name, index) => found.push([name, scale.range?.[index] as string]));
    for (const child of Object.values(record)) colourPairs(child, found);
  }
  return found;
}

describe('bench report of a sweep', () => {
  let report: Awaited<ReturnType<typeof reportOf>>;
  beforeAll(async () => {
    report = await reportOf(SWEEP_FIXTURE);
  });

  it('writes the study figures, bytes per connection and the connect distribution', () => {
    expect(report.output.charts).toEqual(['connect-time', 'first-message', 'server-memory', 'memory-per-connection', 'connect-distribution']);
    expect(report.output.report).toMatch(/index\.html$/);
    expect(existsSync(path.join(report.dir, 'index.html'))).toBe(true);
    expect(report.stderr).toMatch(/report: .*index\.html \(5 charts/);
    expect(report.stderr).not.toContain('note: chart');
  });

  it('writes specs that compile with vega-lite, SVGs with marks, and PNGs', () => {
    for (const name of report.output.charts) {
      const spec = readJson<TopLevelSpec>(path.join(report.dir, 'charts', `${name}.vl.json`));
      const warnings: string[] = [];
      const logger = {
        level: () => 0,
        warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
        error: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
        info: () => logger,
        debug: () => logger,
      };
      const vega = compile(spec, { logger }).spec;
      expect(vega.marks?.length, name).toBeGreaterThan(0);
      expect(warnings, name).toEqual([]);
      const svg = readFileSync(path.join(report.dir, 'charts', `${name}.svg`), 'utf8');
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg, name).toContain('class="mark-line');
      expect(svg, name).toMatch(/<path[^>]* d="M/);
      const png = readFileSync(path.join(report.dir, 'charts', `${name}.png`));
      expect(png.subarray(0, 8).toString('hex'), name).toBe('89504e470d0a1a0a');
      expect(png.length, name).toBeGreaterThan(5000);
    }
    // Lines vs clients have a point per cell and a p10-p90 band.
    const connect = readFileSync(path.join(report.dir, 'charts', 'connect-time.svg'), 'utf8');
    expect(connect).toContain('class="mark-symbol');
    expect(connect).toContain('class="mark-area');
  });

  it('puts one point per cell at p50 with the p10-p90 band of its clients', () => {
    const spec = readJson<{ data: { values: Array<Record<string, unknown>> } }>(path.join(report.dir, 'charts', 'connect-time.vl.json'));
    const rows = spec.data.values.filter((row) => row.kind === 'measured');
    expect(rows.map((row) => `${row.series}/${row.clients}`).sort()).toEqual(['socketio/100', 'socketio/200', 'ws/100', 'ws/200']);
    for (const row of rows) {
      expect(row.low as number).toBeLessThanOrEqual(row.value as number);
      expect(row.high as number).toBeGreaterThanOrEqual(row.value as number);
      expect(row.marker).toBe('ok');
    }
  });

  it('colours each transport the same in every chart', () => {
    const seen = new Map<string, Set<string>>();
    for (const name of report.output.charts) {
      for (const [transport, colour] of colourPairs(readJson(path.join(report.dir, 'charts', `${name}.vl.json`)))) {
        seen.set(transport, (seen.get(transport) ?? new Set()).add(colour));
      }
    }
    expect(Object.fromEntries([...seen].map(([transport, colours]) => [transport, [...colours]]))).toEqual({ ws: ['#4c78a8'], socketio: ['#f58518'] });
  });

  it('writes one self-contained page: scripts inlined, no external script, stylesheet or frame', () => {
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<iframe\b/i);
    expect(html).not.toMatch(/@import/i);
    // Its own scripts are allowed by their hashes only: no inline script of anyone else's runs.
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src (&#39;sha256-[A-Za-z0-9+\/=]+&#39; )+&#39;unsafe-eval&#39;;/,
    );
    expect(html).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const bundle of ['vega 6.', 'vega-lite 6.', 'vega-embed 7.']) expect(html).toContain(`/* ${bundle}`);
    expect(html).not.toContain('sourceMappingURL');
  });

  it('links every run file that exists, relative to the page', () => {
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    const links = [...html.matchAll(/href="([^"#]+\.(csv|json))"/g)].map((match) => decodeURIComponent(match[1] as string));
    const runFiles = links.filter((link) => !link.startsWith('charts/'));
    expect(runFiles.filter((link) => link.endsWith('connections.csv'))).toHaveLength(4);
    for (const link of links) expect(existsSync(path.resolve(report.dir, link)), link).toBe(true);
  });

  it('has a method section from run.json and the study table with a note that machines differ', () => {
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    const runJson = readJson<{ environment: { nodeVersion: string; cpu: { model: string }; packages: Record<string, string> } }>(
      path.join(SWEEP_FIXTURE, readdirSync(SWEEP_FIXTURE).find((name) => name.includes('-ws-')) as string, 'run.json'),
    );
    expect(html).toContain(runJson.environment.nodeVersion);
    expect(html).toContain(`ws ${runJson.environment.packages.ws}`);
    expect(html).toContain('This machine vs the 2020 study');
    expect(html).toContain("Our machine differs from the study's, and so do the package versions unless a column says it ran the 2020 stack.");
    expect(html).toContain('What explains the differences');
    expect(html).toContain('Intel Core i3-8300');
    expect(html).toContain('Jakob Hansson');
    // The fixture's sizes are not the study's: its rows say so rather than compare.
    expect(html).toContain('not measured: no ws cell at 1,000 clients');
  });

  it('has no section, link or column of several servers, faults or idle cost: echo runs on one server show none', () => {
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    expect(html).not.toContain('id="topology"');
    expect(html).not.toContain('href="#topology"');
    expect(html).not.toContain('<th>workload</th>');
  });
});

describe('bench report of a single run', () => {
  let report: Awaited<ReturnType<typeof reportOf>>;
  beforeAll(async () => {
    report = await reportOf(RUN_FIXTURE);
  });

  it('draws server memory and connections over time, and the connect distribution', () => {
    expect(report.output.charts).toEqual(['server-timeline', 'connect-distribution']);
    const spec = readJson<{ vconcat: Array<{ layer: Array<{ data: { values: Array<Record<string, unknown>> } }> }> }>(
      path.join(report.dir, 'charts', 'server-timeline.vl.json'),
    );
    const layers = spec.vconcat[0]?.layer ?? [];
    const samples = layers.at(-1)?.data.values ?? [];
    expect(samples.length).toBeGreaterThan(2);
    expect(samples.every((row) => (row.rssMB as number) > 0)).toBe(true);
    // The ramp of 100 clients may be shorter than one sampling interval; the hold never is.
    const spans = layers[0]?.data.values ?? [];
    expect(spans.map((span) => span.phase)).toContain('hold');
    for (const span of spans) expect(span.end as number).toBeGreaterThan(span.start as number);
    expect(report.stderr).not.toContain('note: chart');
    const svg = readFileSync(path.join(report.dir, 'charts', 'server-timeline.svg'), 'utf8');
    expect(svg).toContain('class="mark-line');
    expect(svg).toContain('class="mark-rect');
    // No storm, so no storm shade: the chart of a plain run is as it was.
    expect(JSON.stringify(spec)).not.toContain('storm');
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    expect(html).not.toContain('id="topology"');
  });

  it('shows a run label holding a script tag as text, never as markup', () => {
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(SCRIPT_LABEL);
    // Five script elements: three libraries, the chart specs, and the code that draws them.
    expect(html.match(/<script\b/g)).toHaveLength(5);
  });
});

describe('bench report: bad input is a ConfigError naming the folder (bad-input.test.ts runs one through the CLI)', () => {
  it('a folder that does not exist', () => {
    const missing = path.join(freshDir(), 'no-such-folder');
    expectConfigError(() => loadReportSource(missing), `${missing} does not exist`);
  });

  it('a folder without runs', () => {
    expectConfigError(() => loadReportSource(freshDir()), 'holds no run.json');
  });
});

describe('bench run --report', () => {
  it('writes the report of the run it just made', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '10', '-w', '1', '--hold', '0', '--report', '--quiet'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const reported = /report: (reports\/\S+\/index\.html)/.exec(result.stderr);
    expect(reported).not.toBeNull();
    const html = readFileSync(path.join(cwd, reported?.[1] as string), 'utf8');
    expect(html).toContain('Run of ws at 10 clients');
    const runId = readdirSync(path.join(cwd, 'results'))[0] as string;
    expect(reported?.[1]).toBe(`reports/${runId}/index.html`);
  });
});
