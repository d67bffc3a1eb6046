/** The study data file and the "this machine vs the 2020 study" verdicts, on made-up figures with known answers. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportCell, ReportRun, ReportSource } from '../../../bench/report/report-source.js';
import {
  compareWithStudy,
  formatRatio,
  sizeVerdict,
  type ComparisonColumn,
  type ComparisonRow,
  type StudyComparison,
} from '../../../bench/report/study-comparison.js';
import { explainDifferences, explainFactor } from '../../../bench/report/study-explanations.js';
import { DEFAULT_SETTING, type RunSetting } from '../../../bench/results/run-setting.js';
import { loadStudyData } from '../../../bench/report/study-data.js';
import type { RunSummary } from '../../../bench/summary/run-summary-types.js';
import type { TransportName } from '../../../protocol/transports.js';
import { PROJECT_ROOT } from '../../helpers/cli.js';

const study = loadStudyData(path.join(PROJECT_ROOT, 'data', 'study-2020.json'));
const VARIANT = { socketioTransports: ['websocket' as const], sockjsTransports: ['websocket' as const], perMessageDeflate: false };

interface Figures {
  connectMs: number;
  firstMessageMs: number;
  rssMB: number;
}

interface CellOptions {
  mode?: ReportCell['mode'];
  setting?: RunSetting;
}

function cell(
  transport: TransportName,
  clients: number,
  figures: Figures | null,
  status: ReportCell['status'] = 'ok',
  connected = clients,
  options: CellOptions = {},
): ReportCell {
  const { mode = 'echo', setting = DEFAULT_SETTING } = options;
  const measured: ReportRun[] = [];
  if (figures) {
    const times = (p50: number) => ({ p50, p90: p50, p99: p50, max: p50 });
    const summary = {
      status,
      reason: null,
      transport,
      variant: VARIANT,
      clients,
      connected,
      connectMs: times(figures.connectMs),
      firstMessageMs: times(figures.firstMessageMs),
      server: { steadyRssBytes: figures.rssMB * 1e6 },
      loadGenerator: { saturated: false },
    } as unknown as RunSummary;
    measured.push({
      run: { source: `${transport}-${clients}`, summary, runJson: null },
      dir: null,
      runId: `${transport}-${clients}`,
      times: null,
      samples: null,
      notices: [],
    });
  }
  const key = `${transport}/${clients}/${mode}/${setting.stack}/${setting.profile}`;
  return { key, transport, variant: VARIANT, clients, mode, setting, measured, failures: figures ? [] : [{ reason: 'server died', runDir: null }], status };
}

function source(cells: ReportCell[]): ReportSource {
  return { id: 'made-up', kind: 'sweep', input: 'made-up', runs: cells.flatMap((item) => item.measured), cells, sweep: null };
}

/** The row of a claim as one setting judged it (the first column unless named). */
function row(comparison: StudyComparison, claimStart: string, setting?: string): Omit<ComparisonRow, 'columns'> & ComparisonColumn {
  const found = comparison.rows.find((item) => item.claim.startsWith(claimStart));
  if (!found) throw new Error(`no row starting "${claimStart}" in ${comparison.rows.map((item) => item.claim).join(' | ')}`);
  const column = setting === undefined ? found.columns[0] : found.columns.find((item) => item.setting === setting);
  if (!column) throw new Error(`no column ${setting} in ${found.columns.map((item) => item.setting).join(', ')}`);
  return { claim: found.claim, study: found.study, ...column };
}

describe('the 2020 study data file', () => {
  it('names its source and the machines', () => {
    expect(study.provenance).toMatchObject({
      author: 'Jakob Hansson',
      title: 'Performance study of JavaScript WebSocket frameworks',
      institution: 'Linköping University',
      year: 2020,
      quotedBy: { publisher: 'Ably', year: 2022 },
    });
    expect(study.machines.server).toContain('Intel Core i3-8300');
    expect(study.machines.clients).toContain('Intel Core i5-4690K');
  });

  it('holds the figures the article quotes', () => {
    const values = study.claims.flatMap((claim) => (claim.kind === 'value' ? [`${claim.metric} ${claim.transport} ${claim.clients} ${claim.value}`] : []));
    expect(values).toEqual([
      'connectMs ws 10000 411',
      'connectMs socketio 10000 519',
      'connectMs sockjs 7000 470',
      'firstMessageMs ws 1000 73',
      'firstMessageMs sockjs 1000 47',
      'firstMessageMs socketio 1000 525',
      'serverMemoryMB ws 1000 80',
      'serverMemoryMB sockjs 1000 94',
      'serverMemoryMB socketio 1000 200',
      'serverMemoryMB sockjs 7000 241',
      'serverMemoryMB ws 10000 201',
      'serverMemoryMB socketio 10000 2000',
    ]);
  });
});

describe('verdicts against the study', () => {
  it('judges size by a factor of 2 either way', () => {
    expect(sizeVerdict(1).outcome).toBe('agrees');
    expect(sizeVerdict(2).outcome).toBe('agrees');
    expect(sizeVerdict(0.5).outcome).toBe('agrees');
    expect(sizeVerdict(3)).toEqual({ verdict: 'not within a factor of 2: ours is 3.00x higher', outcome: 'differs' });
    expect(sizeVerdict(0.1)).toEqual({ verdict: 'not within a factor of 2: ours is 10.0x lower', outcome: 'differs' });
    expect(formatRatio(0.08333)).toBe('0.0833x');
  });

  const rows = compareWithStudy(
    source([
      cell('ws', 1000, { connectMs: 100, firstMessageMs: 10, rssMB: 80 }),
      cell('socketio', 1000, { connectMs: 250, firstMessageMs: 20, rssMB: 200 }),
      cell('sockjs', 1000, { connectMs: 120, firstMessageMs: 5, rssMB: 94 }),
      cell('sockjs', 8000, { connectMs: 500, firstMessageMs: 5, rssMB: 250 }),
      cell('ws', 10000, { connectMs: 1233, firstMessageMs: 10, rssMB: 201 }),
      cell('socketio', 10000, { connectMs: 519, firstMessageMs: 10, rssMB: 150 }),
    ]),
    study,
  );

  it('compares a factor claim per slower transport, by direction and size', () => {
    expect(row(rows, 'Up to 1,000 clients, plain WebSockets connected about 3 times faster than Socket.IO and SockJS. (ws vs socketio)')).toMatchObject({
      ours: 'socketio / ws: 2.50x',
      ratio: '0.833x',
      verdict: 'same direction, similar size: ws faster by 2.50x',
      outcome: 'agrees',
    });
    expect(row(rows, 'Up to 1,000 clients, plain WebSockets connected about 3 times faster than Socket.IO and SockJS. (ws vs sockjs)')).toMatchObject({
      verdict: 'same direction, different size: ws faster by 1.20x, not about 3x',
      outcome: 'differs',
    });
  });

  it('compares a figure with ours at the same size, or says there is none', () => {
    expect(row(rows, 'ws: 411 ms')).toMatchObject({ study: '411 ms', ours: '1,233 ms (p50)', ratio: '3.00x', outcome: 'differs' });
    expect(row(rows, 'Socket.IO: 519 ms')).toMatchObject({ ratio: '1.00x', verdict: 'within a factor of 2 of the study', outcome: 'agrees' });
    expect(row(rows, 'SockJS: 470 ms')).toMatchObject({ ours: '-', verdict: 'not measured: no sockjs cell at 7,000 clients', outcome: 'untested' });
    expect(row(rows, 'Socket.IO server: almost 2 GB')).toMatchObject({
      study: 'about 2,000 MB',
      ours: '150 MB (steady RSS)',
      ratio: '0.0750x',
      outcome: 'differs',
    });
  });

  it('says a cell failed, rather than that there is none, when it measured nothing', () => {
    const failed = compareWithStudy(source([cell('sockjs', 7000, null, 'failed'), cell('ws', 1000, null, 'failed')]), study);
    expect(row(failed, 'SockJS: 470 ms')).toMatchObject({ ours: '-', verdict: 'not measured: the sockjs cell at 7,000 clients failed', outcome: 'untested' });
    expect(row(failed, 'Up to 1,000 clients, plain WebSockets connected about 3 times faster than Socket.IO and SockJS. (ws vs socketio)')).toMatchObject({
      verdict: 'not measured: the ws cell at 1,000 clients failed',
      outcome: 'untested',
    });
    expect(row(failed, 'At 1,000 clients, server memory')).toMatchObject({ verdict: 'not measured: the ws cell at 1,000 clients failed' });
  });

  it('says whether SockJS held more than 7,000 clients', () => {
    expect(row(rows, 'SockJS could not handle')).toMatchObject({ verdict: 'not reproduced: sockjs held 8,000 clients', outcome: 'differs' });
    const figures = { connectMs: 1, firstMessageMs: 1, rssMB: 1 };
    const failing = compareWithStudy(source([cell('sockjs', 7000, figures), cell('sockjs', 8000, null, 'failed'), cell('ws', 8000, figures)]), study);
    expect(row(failing, 'SockJS could not handle')).toMatchObject({
      verdict: 'reproduced: sockjs did not hold 8,000 clients while the other transports did',
      outcome: 'agrees',
    });
  });

  it('does not call a shortfall reproduced when no other transport ran at that size', () => {
    const alone = compareWithStudy(source([cell('sockjs', 7000, { connectMs: 1, firstMessageMs: 1, rssMB: 1 }), cell('sockjs', 8000, null, 'failed')]), study);
    expect(row(alone, 'SockJS could not handle')).toMatchObject({
      verdict: 'not conclusive: no other transport ran at 8,000 clients, so nothing shows this machine could hold that size',
      outcome: 'untested',
    });
  });

  it("never sets a push-mode cell beside the study's first-message figures", () => {
    const figures = { connectMs: 50, firstMessageMs: 73, rssMB: 80 };
    const pushed = compareWithStudy(source([cell('ws', 1000, figures, 'ok', 1000, { mode: 'push' })]), study);
    expect(row(pushed, 'ws: 73 ms')).toMatchObject({ ours: '-', outcome: 'untested' });
    expect(row(pushed, 'ws: 73 ms').verdict).toContain('push mode');
    // Its memory is still a fair comparison: the push is one message.
    expect(row(pushed, 'ws server: 80 MB')).toMatchObject({ outcome: 'agrees' });
    const both = compareWithStudy(
      source([cell('ws', 1000, { ...figures, firstMessageMs: 1 }, 'ok', 1000, { mode: 'push' }), cell('ws', 1000, figures)]),
      study,
    );
    expect(row(both, 'ws: 73 ms')).toMatchObject({ ours: '73 ms (p50)', outcome: 'agrees' });
  });

  it('does not call one stray timeout a limit, nor a limit that every transport hit', () => {
    const figures = { connectMs: 1, firstMessageMs: 1, rssMB: 1 };
    const stray = compareWithStudy(source([cell('sockjs', 8000, figures, 'partial', 7999)]), study);
    expect(row(stray, 'SockJS could not handle')).toMatchObject({ outcome: 'differs', ours: 'held 8,000 clients' });
    const everyone = compareWithStudy(source([cell('sockjs', 8000, figures, 'partial', 4000), cell('ws', 8000, figures, 'partial', 5000)]), study);
    expect(row(everyone, 'SockJS could not handle')).toMatchObject({ outcome: 'untested' });
    expect(row(everyone, 'SockJS could not handle').verdict).toContain("ws also fell short at that size, so it may be this machine's limit");
  });

  it('compares the order of the transports wherever the study gives several at one size', () => {
    expect(row(rows, 'At 1,000 clients, time to the first message')).toMatchObject({
      study: 'sockjs < ws < socketio',
      ours: 'sockjs < ws < socketio',
      verdict: 'same order',
    });
    expect(row(rows, 'At 10,000 clients, connect time')).toMatchObject({
      study: 'ws < socketio',
      ours: 'socketio < ws',
      verdict: 'different order',
      outcome: 'differs',
    });
  });
});

describe('stacks and profiles beside the study', () => {
  const study2020: RunSetting = { stack: '2020', profile: 'study-2020' };
  const figures = (firstMessageMs: number, rssMB: number): Figures => ({ connectMs: 10, firstMessageMs, rssMB });
  const both = source([
    cell('socketio', 1000, figures(3, 60)),
    cell('socketio', 1000, figures(400, 150), 'ok', 1000, { setting: study2020 }),
    cell('socketio', 10000, figures(3, 214)),
    cell('socketio', 10000, figures(500, 300), 'ok', 10000, { setting: study2020 }),
  ]);

  it('gives the table one column per setting present, each with its verdict', () => {
    const comparison = compareWithStudy(both, study);
    expect(comparison.settings).toEqual(['default', 'study-2020']);
    expect(row(comparison, 'Socket.IO: 525 ms', 'default')).toMatchObject({ ours: '3 ms (p50)', outcome: 'differs' });
    expect(row(comparison, 'Socket.IO: 525 ms', 'study-2020')).toMatchObject({ ours: '400 ms (p50)', outcome: 'agrees' });
  });

  it('names the factor only where the runs show it', () => {
    const explanations = explainDifferences(both, study);
    expect(explanations.settings).toEqual(['study-2020', 'default']);
    const first = explanations.rows.find((item) => item.claim.startsWith('Socket.IO: 525 ms'));
    expect(first?.ours).toEqual(['400 ms (0.762x)', '3 ms (0.00571x)']);
    expect(first?.factor).toContain("the 2020 libraries with their defaults and the study's arrival, together");
    const memory = explanations.rows.find((item) => item.claim.startsWith('Socket.IO server: almost 2 GB'));
    expect(memory?.factor).toMatch(/^the machine or the study's procedure, not the libraries/);
    const ws = explanations.rows.find((item) => item.claim.startsWith('ws: 73 ms'));
    expect(ws?.factor).toBe('not shown: needs a study-2020 and a default run at this size');
  });

  it('tells version from defaults when the runs that split them are there', () => {
    expect(
      explainFactor(
        new Map([
          ['study-2020', 1],
          ['default', 0.01],
          ['current-defaults', 0.9],
        ]),
      ),
    ).toMatch(/^the libraries' defaults/);
    expect(
      explainFactor(
        new Map([
          ['study-2020', 1],
          ['default', 0.01],
          ['stack 2020', 0.9],
        ]),
      ),
    ).toMatch(/^the library version/);
    expect(
      explainFactor(
        new Map([
          ['study-2020', 1.2],
          ['default', 0.9],
        ]),
      ),
    ).toMatch(/^nothing to explain/);
    expect(
      explainFactor(
        new Map([
          ['study-2020', 0.1],
          ['default', 0.12],
        ]),
      ),
    ).toMatch(/^the machine or the study's procedure/);
    // A small move that happens to cross the factor-of-2 line is not credited to the libraries.
    expect(
      explainFactor(
        new Map([
          ['study-2020', 0.6],
          ['default', 0.45],
        ]),
      ),
    ).toMatch(/^not clearly the libraries: they move it by only 1.33x/);
    expect(
      explainFactor(
        new Map([
          ['study-2020', 0.16],
          ['default', 0.1],
        ]),
      ),
    ).toMatch(/^partly the libraries \(study-2020 \/ default = 1.60x\)/);
  });
});
