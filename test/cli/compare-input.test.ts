/**
 * bench compare on hand-made result folders: bad input is a one-line ConfigError naming the file,
 * and through the CLI thresholds from flags and from a config file change the verdict, and the
 * JSON, Markdown and not-judged output say what they should.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSides, loadSide } from '../../bench/compare/compare-sides.js';
import { resolveCompareSettings } from '../../bench/compare/compare-config.js';
import type { Comparison } from '../../bench/compare/comparison.js';
import { freshDir, runCli } from '../helpers/cli.js';
import { expectConfigError } from '../helpers/config-errors.js';
import { makeSummary, writeRunFolders, type SummaryFigures } from '../helpers/summaries.js';

const MIB = 1024 * 1024;

/** Writes one side of three runs with these figures; returns its folder. */
function side(root: string, name: string, figures: SummaryFigures[] = [{}, {}, {}]): string {
  return writeRunFolders(path.join(root, name), figures.map(makeSummary));
}

describe('bench compare: bad input is a ConfigError naming the file (bad-input.test.ts runs one through the CLI)', () => {
  it('a missing folder', () => {
    const missing = path.join(freshDir(), 'no-such-folder');
    expectConfigError(() => loadSide(missing), `${missing} does not exist`);
  });

  it('a folder with no run in it', () => {
    const empty = path.join(freshDir(), 'empty');
    mkdirSync(empty);
    expectConfigError(() => loadSide(empty), `${empty} holds no run.json`);
  });

  it('a file that is not JSON, given directly or as a run.json', () => {
    const root = freshDir();
    const notJson = path.join(root, 'notes.txt');
    writeFileSync(notJson, 'these are not results\n');
    expectConfigError(() => loadSide(notJson), `${notJson} is not JSON`);
    const broken = path.join(root, 'broken', 'run-0');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'run.json'), '{"schemaVersion": 1, "summary": {');
    expectConfigError(() => loadSide(path.join(root, 'broken')), `${path.join(broken, 'run.json')} is not JSON`);
  });

  it('a schema version this bench does not know', () => {
    const future = writeRunFolders(path.join(freshDir(), 'future'), [makeSummary()], 99);
    expectConfigError(() => loadSide(future), `${path.join(future, 'run-0', 'run.json')} has schema version 99; this bench reads version 1`);
  });

  it('sides with no cell in common', () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    const current = side(root, 'current', [{ clients: 200 }]);
    expectConfigError(
      () => compareSides(loadSide(baseline), loadSide(current), resolveCompareSettings({})),
      `${baseline} and ${current} have no cell in common`,
      'baseline has ws/websocket/300; current has ws/websocket/200',
    );
  });

  it.each([
    ['an unknown figure', 'speed=+5%', '--threshold "speed=+5%": unknown figure "speed"'],
    ['a unit of the wrong kind', 'memory=+5ms', 'has unit "ms", but memory is memory'],
  ])('a --threshold with %s', (_name, threshold, message) => {
    expectConfigError(() => resolveCompareSettings({ threshold: [threshold] }), message);
  });

  it.each([
    ['missing', null, 'cannot read --config'],
    ['not JSON', '{thresholds: nope}', 'is not JSON'],
    ['an unknown key', '{"threshold": {}}', 'unknown key "threshold"'],
    ['a bound that is not a string', '{"thresholds": {"memory": 10}}', 'thresholds["memory"] must be a string'],
    ['a bad bound', '{"thresholds": {"failed": "+2ms"}}', 'thresholds["failed"]: "+2ms" has unit "ms", but failed is clients'],
  ])('a --config file that is %s', (_name, content, message) => {
    const config = path.join(freshDir(), 'compare.json');
    if (content !== null) writeFileSync(config, content);
    expectConfigError(() => resolveCompareSettings({ config }), config, message);
  });
});

describe('bench compare: thresholds change the verdict as documented', () => {
  // firstMessageMs p50 2 -> 3 ms and p99 4 -> 6 ms: +50% each, but +1 and +2 ms, not over the default +2 ms.
  const slower: SummaryFigures[] = [{ firstMessageMs: 3 }, { firstMessageMs: 3 }, { firstMessageMs: 3 }];

  it('passes at the defaults and fails with a tighter --threshold', async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    const current = side(root, 'current', slower);
    const loose = await runCli(['compare', baseline, current, '--json']);
    expect(loose.code).toBe(0);
    expect((JSON.parse(loose.stdout) as Comparison).verdict).toBe('no regression');
    expect(loose.stderr).toContain('verdict: no regression');

    const tight = await runCli(['compare', baseline, current, '--json', '--threshold', 'firstMessageMs=+10%,+0.5ms']);
    expect(tight.code).toBe(1);
    const report = JSON.parse(tight.stdout) as Comparison;
    expect(report.regressions.map((regression) => regression.figure)).toEqual(['firstMessageMs.p50', 'firstMessageMs.p99']);
    expect(tight.stderr).toContain('verdict: regression in ws/websocket/300: latency (firstMessageMs.p50, firstMessageMs.p99)');

    // Only the relative bound tightened: the default +2 ms still holds p50 (+1 ms) back; p99 is +2 ms, not over 2.
    const relativeOnly = await runCli(['compare', baseline, current, '--threshold', 'firstMessageMs=+10%']);
    expect(relativeOnly.code).toBe(0);
    // Naming one figure tightens that figure alone.
    const one = await runCli(['compare', baseline, current, '--json', '--threshold', 'firstMessageMs.p99=+10%,+1ms']);
    expect(one.code).toBe(1);
    expect((JSON.parse(one.stdout) as Comparison).regressions.map((regression) => regression.figure)).toEqual(['firstMessageMs.p99']);
  });

  it('takes thresholds from a config file, and a flag overrides the file', async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    const current = side(root, 'current', slower);
    const config = path.join(root, 'compare.json');
    writeFileSync(config, JSON.stringify({ thresholds: { firstMessageMs: '+10%,+0.5ms' } }));
    const fromFile = await runCli(['compare', baseline, current, '--config', config]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain('latency (firstMessageMs.p50, firstMessageMs.p99)');
    const overridden = await runCli(['compare', baseline, current, '--config', config, '--threshold', 'firstMessageMs=+100%']);
    expect(overridden.code).toBe(0);
  });

  it('loosens or switches off a figure from the config file', async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    // Steady RSS 66 -> 80 MiB: +21% and +14 MiB, over the default +10% and +5 MiB.
    const current = side(root, 'current', [{ steadyRssBytes: 80 * MIB }, { steadyRssBytes: 80 * MIB }, { steadyRssBytes: 80 * MIB }]);
    const byDefault = await runCli(['compare', baseline, current]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toContain('memory (server.steadyRssBytes, server.bytesPerConnection)');
    const config = path.join(root, 'compare.json');
    // bytes per connection rose 7 -> 55 KiB, but that is 14 MiB over 300 clients: under a 20 MiB memory bound.
    writeFileSync(config, JSON.stringify({ thresholds: { memory: '+25%,+20MiB' } }));
    expect((await runCli(['compare', baseline, current, '--config', config])).code).toBe(0);
    writeFileSync(config, JSON.stringify({ thresholds: { 'server.steadyRssBytes': 'off', 'server.bytesPerConnection': 'off' } }));
    const off = await runCli(['compare', baseline, current, '--config', config, '--json']);
    expect(off.code).toBe(0);
    const figures = (JSON.parse(off.stdout) as Comparison).cells[0]?.figures.map((figure) => figure.figure);
    expect(figures).not.toContain('server.steadyRssBytes');
  });

  it('counts any new failed client by default, and a bound of +N failed clients lets N through', async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    const current = side(root, 'current', [{ failed: 2 }, { failed: 2 }, { failed: 2 }]);
    const byDefault = await runCli(['compare', baseline, current]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toContain('clients (failed)');
    expect((await runCli(['compare', baseline, current, '--threshold', 'failed=+2'])).code).toBe(0);
    // Counts are judged on the worst run: failures in one repeat of three are not hidden by a median of 0.
    const once = side(root, 'once', [{}, {}, { failed: 5 }]);
    expect((await runCli(['compare', baseline, once])).code).toBe(1);
  });
});

describe('bench compare: output', () => {
  it("does not judge a saturated side's latencies and counts, says why and exits 4; --allow-saturated judges them", async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    const current = side(root, 'current', [{ saturated: true, firstMessageMs: 40 }, { firstMessageMs: 40 }, { firstMessageMs: 40 }]);
    const refused = await runCli(['compare', baseline, current, '--json']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('not judged: the load generator was saturated, so its latencies include its own queueing: current in 1 of 3 runs');
    expect(refused.stderr).toContain('--allow-saturated');
    expect(refused.stderr).toContain('verdict: not judged');
    const report = JSON.parse(refused.stdout) as Comparison;
    expect(report.verdict).toBe('not judged');
    // Latencies and client counts are not judged; server memory is, as always.
    for (const figure of report.cells[0]?.figures ?? [])
      expect([figure.figure, figure.verdict]).toEqual([figure.figure, figure.kind === 'memory' ? 'ok' : 'not judged']);

    const allowed = await runCli(['compare', baseline, current, '--allow-saturated']);
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toContain('judged although the load generator was saturated (--allow-saturated)');
    expect(allowed.stderr).toContain('latency (firstMessageMs.p50, firstMessageMs.p99)');

    const config = path.join(root, 'compare.json');
    writeFileSync(config, JSON.stringify({ allowSaturated: true }));
    expect((await runCli(['compare', baseline, current, '--config', config])).code).toBe(1);
  });

  it('prints the table on stderr, JSON on stdout and writes Markdown', async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline');
    const current = side(root, 'current', [{ firstMessageMs: 40 }, { firstMessageMs: 41 }, { firstMessageMs: 39 }]);
    const markdown = path.join(root, 'summary.md');
    const result = await runCli(['compare', baseline, current, '--json', '--markdown', markdown]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^figure\s+baseline\s+current\s+change\s+threshold\s+verdict$/m);
    expect(result.stderr).toMatch(
      /^firstMessageMs\.p50\s+2\.00 ms\s+40\.0 ms \[39\.0 ms, 41\.0 ms\] 75%\s+\+38\.0 ms \(\+1900%\)\s+\+25% and \+2\.00 ms\s+REGRESSION$/m,
    );
    const report = JSON.parse(result.stdout) as Comparison;
    expect(report.exitCode).toBe(1);
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain('## bench compare: regression');
    expect(text).toContain('| `firstMessageMs.p50` | 2.00 ms | 40.0 ms \\[39.0 ms, 41.0 ms\\] 75% | +38.0 ms (+1900%) | +25% and +2.00 ms | **REGRESSION** |');
    expect(text).toContain('| `connectMs.p50` | 70.0 ms | 70.0 ms | 0.00 ms (0%) | +25% and +2.00 ms | ok |');
    expect(text).toContain('2 to 9 runs: the exact interval of the median over the runs, with its true coverage (3 runs: min to max, 75%)');
  });

  it('reads single run.json files and notes what a single run is judged with', async () => {
    const root = freshDir();
    const baseline = side(root, 'baseline', [{}]);
    const current = side(root, 'current', [{}]);
    const result = await runCli(['compare', path.join(baseline, 'run-0', 'run.json'), path.join(current, 'run-0', 'run.json')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: the cell has a single run on a side');
  });
});
