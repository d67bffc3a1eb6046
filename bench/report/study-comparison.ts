/**
 * "This machine vs the 2020 study": per claim of the study, its figure and, for every setting
 * (stack or profile) in the results, ours from the same client count, the ratio and a one-line
 * verdict. Verdicts judge shape (which transport is faster, which order) and size (within a factor
 * of 2), never more: machines and versions differ.
 */
import { median } from '../stats/stats.js';
import { RUN_DEFAULTS } from '../config/run-config.js';
import { TRANSPORTS, variantLabel, type TransportName } from '../../protocol/transports.js';
import type { ReportCell, ReportSource } from './report-source.js';
import { settingLabel, type RunSetting } from '../results/run-setting.js';
import { restrictTo, settingsIn } from './report-settings.js';
import { METRIC_WORDS, ourFigure, type FactorClaim, type LimitClaim, type StudyData, type StudyMetric, type ValueClaim } from './study-data.js';

/** agrees: same shape or within a factor of 2; differs: not; untested: we have no cell to compare. */
export type ComparisonOutcome = 'agrees' | 'differs' | 'untested';

/** One setting's side of a row: every field is plain text for the page to escape. */
export interface ComparisonColumn {
  /** The setting's label: "default", "study-2020", ... */
  setting: string;
  ours: string;
  /** ours / study, or "-" where a ratio means nothing. */
  ratio: string;
  verdict: string;
  outcome: ComparisonOutcome;
}

/** One row of the table: a claim of the study and one column per setting. */
export interface ComparisonRow {
  claim: string;
  study: string;
  columns: ComparisonColumn[];
}

/** The table: the settings present, in column order, and its rows. */
export interface StudyComparison {
  settings: string[];
  rows: ComparisonRow[];
}

/** A row as judged within one setting. */
type SettingRow = Omit<ComparisonColumn, 'setting'> & { claim: string; study: string };

const NOT_A_RATIO = '-';

/** A figure with three significant digits and its unit. */
export function formatFigure(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`;
}

/** A ratio with three significant digits, such as "1.27x", "2.00x" or "0.0840x" (so 2.004 never reads as "2x"). */
export function formatRatio(ratio: number): string {
  return `${ratio.toLocaleString('en-US', { minimumSignificantDigits: 3, maximumSignificantDigits: 3 })}x`;
}

/** One line on the size of a ratio ours / study. */
export function sizeVerdict(ratio: number): { verdict: string; outcome: ComparisonOutcome } {
  if (ratio >= 0.5 && ratio <= 2) return { verdict: 'within a factor of 2 of the study', outcome: 'agrees' };
  const how = ratio > 1 ? `${formatRatio(ratio)} higher` : `${formatRatio(1 / ratio)} lower`;
  return { verdict: `not within a factor of 2: ours is ${how}`, outcome: 'differs' };
}

const clientsText = (clients: number): string => `${clients.toLocaleString('en-US')} clients`;

/**
 * The cell of a transport at a client count; with several variants, the default one (websocket)
 * first. Push-mode cells time open to a pushed message, not a sent message to its echo, so they
 * are never set beside the study's first-message figures.
 */
function findCell(source: ReportSource, transport: TransportName, clients: number, metric?: StudyMetric): ReportCell | undefined {
  const cells = source.cells
    .filter((cell) => cell.transport === transport && cell.clients === clients && !(metric === 'firstMessageMs' && cell.mode === 'push'))
    .sort((a, b) => Number(a.mode === 'push') - Number(b.mode === 'push'));
  const choice = TRANSPORTS[transport].choiceFlag;
  const preferred = choice ? RUN_DEFAULTS[choice.option] : 'websocket';
  return cells.find((cell) => variantLabel(cell.transport, cell.variant) === preferred) ?? cells[0];
}

interface OurValue {
  value: number;
  /** "(p50, 3 runs, load generator saturated)" and the like. */
  note: string;
}

/** Our figure of a cell: the median over its measured runs. */
export function ourValue(source: ReportSource, metric: StudyMetric, transport: TransportName, clients: number): OurValue | null {
  const cell = findCell(source, transport, clients, metric);
  if (!cell) return null;
  const values = cell.measured.map((run) => ourFigure(metric, run.run.summary)).filter((value): value is number => value !== null);
  const value = median(values);
  if (value === null) return null;
  const notes = [metric === 'serverMemoryMB' ? 'steady RSS' : 'p50'];
  if (values.length > 1) notes.push(`median of ${values.length} runs`);
  if (cell.status === 'partial') notes.push('some clients failed');
  if (cell.measured.some((run) => run.run.summary.loadGenerator.saturated)) notes.push('load generator saturated');
  return { value, note: `(${notes.join(', ')})` };
}

/** Why there is no figure to compare: no such cell, or a cell that measured nothing (it failed). */
function missing(source: ReportSource, transport: TransportName, clients: number, metric?: StudyMetric): string {
  const cell = findCell(source, transport, clients, metric);
  if (!cell && metric === 'firstMessageMs' && findCell(source, transport, clients)) {
    return `not measured: the ${transport} cell at ${clientsText(clients)} ran in push mode, which times another interval than the study's first message`;
  }
  if (cell && cell.status === 'failed') return `not measured: the ${transport} cell at ${clientsText(clients)} failed`;
  if (cell && cell.measured.length > 0) return `not measured: the ${transport} cell at ${clientsText(clients)} has no such figure`;
  if (cell) return `not measured: the ${transport} cell at ${clientsText(clients)} has not run`;
  return `not measured: no ${transport} cell at ${clientsText(clients)}`;
}

function valueRow(source: ReportSource, claim: ValueClaim): SettingRow {
  const { unit } = METRIC_WORDS[claim.metric];
  const study = `${claim.approximate ? 'about ' : ''}${formatFigure(claim.value, unit)}`;
  const ours = ourValue(source, claim.metric, claim.transport, claim.clients);
  if (!ours)
    return {
      claim: claim.quote,
      study,
      ours: '-',
      ratio: NOT_A_RATIO,
      verdict: missing(source, claim.transport, claim.clients, claim.metric),
      outcome: 'untested',
    };
  const ratio = ours.value / claim.value;
  return { claim: claim.quote, study, ours: `${formatFigure(ours.value, unit)} ${ours.note}`, ratio: formatRatio(ratio), ...sizeVerdict(ratio) };
}

function factorRows(source: ReportSource, claim: FactorClaim): SettingRow[] {
  return claim.slower.map((slower): SettingRow => {
    const claimText = `${claim.quote} (${claim.faster} vs ${slower})`;
    const study = `${slower} / ${claim.faster}: about ${claim.factor}x`;
    const fast = ourValue(source, claim.metric, claim.faster, claim.clients);
    const slow = ourValue(source, claim.metric, slower, claim.clients);
    if (!fast || !slow) {
      const absent = fast ? slower : claim.faster;
      return { claim: claimText, study, ours: '-', ratio: NOT_A_RATIO, verdict: missing(source, absent, claim.clients, claim.metric), outcome: 'untested' };
    }
    const factor = slow.value / fast.value;
    const ratio = factor / claim.factor;
    const ours = `${slower} / ${claim.faster}: ${formatRatio(factor)}`;
    if (factor <= 1) {
      return {
        claim: claimText,
        study,
        ours,
        ratio: formatRatio(ratio),
        verdict: `not reproduced: ${claim.faster} is not faster than ${slower} here`,
        outcome: 'differs',
      };
    }
    const size = sizeVerdict(ratio);
    const verdict =
      size.outcome === 'agrees'
        ? `same direction, similar size: ${claim.faster} faster by ${formatRatio(factor)}`
        : `same direction, different size: ${claim.faster} faster by ${formatRatio(factor)}, not about ${claim.factor}x`;
    return { claim: claimText, study, ours, ratio: formatRatio(ratio), verdict, outcome: size.outcome };
  });
}

/** Share of clients a cell must connect to count as holding its size. */
const HELD_SHARE = 0.99;

/** Median share of a cell's clients that connected, over its measured runs (0 when none was measured). */
function connectedShare(cell: ReportCell): number {
  return median(cell.measured.map((run) => run.run.summary.connected / cell.clients)) ?? 0;
}

/** A cell held its size when it did not fail and (nearly) every client connected: a stray timeout is not a limit. */
function heldSize(cell: ReportCell): boolean {
  return cell.status !== 'failed' && connectedShare(cell) >= HELD_SHARE;
}

function limitRow(source: ReportSource, claim: LimitClaim): SettingRow {
  const study = `at most ${clientsText(claim.maxClients)}`;
  const above = source.cells.filter((cell) => cell.transport === claim.transport && cell.clients > claim.maxClients && cell.status !== 'not run');
  if (above.length === 0) {
    return {
      claim: claim.quote,
      study,
      ours: '-',
      ratio: NOT_A_RATIO,
      verdict: `not tested: no ${claim.transport} cell above ${clientsText(claim.maxClients)}`,
      outcome: 'untested',
    };
  }
  const sizes = (cells: ReportCell[]): string =>
    cells.map((cell) => `${cell.clients.toLocaleString('en-US')} (${Math.round(connectedShare(cell) * 100)}% connected)`).join(', ');
  const held = above.filter(heldSize);
  const broke = above.filter((cell) => !heldSize(cell));
  if (held.length > 0) {
    const most = Math.max(...held.map((cell) => cell.clients));
    const also = broke.length > 0 ? `; it fell short at ${sizes(broke)}` : '';
    return {
      claim: claim.quote,
      study,
      ours: `held ${clientsText(most)}`,
      ratio: NOT_A_RATIO,
      verdict: `not reproduced: ${claim.transport} held ${clientsText(most)}${also}`,
      outcome: 'differs',
    };
  }
  const brokeSizes = new Set(broke.map((cell) => cell.clients));
  const othersThere = source.cells.filter((cell) => cell.transport !== claim.transport && brokeSizes.has(cell.clients) && cell.status !== 'not run');
  const othersShort = othersThere.filter((cell) => !heldSize(cell));
  if (othersShort.length > 0) {
    return {
      claim: claim.quote,
      study,
      ours: `fell short at ${sizes(broke)}`,
      ratio: NOT_A_RATIO,
      verdict: `not conclusive: ${[...new Set(othersShort.map((cell) => cell.transport))].join(' and ')} also fell short at that size, so it may be this machine's limit`,
      outcome: 'untested',
    };
  }
  // Only another transport holding that size shows the machine could: without one, a shortfall proves nothing.
  const heldByOthers = othersThere.filter(heldSize).map((cell) => cell.clients);
  if (heldByOthers.length === 0) {
    return {
      claim: claim.quote,
      study,
      ours: `fell short at ${sizes(broke)}`,
      ratio: NOT_A_RATIO,
      verdict: `not conclusive: no other transport ran at ${[...brokeSizes].map(clientsText).join(', ')}, so nothing shows this machine could hold that size`,
      outcome: 'untested',
    };
  }
  const first = Math.min(...heldByOthers);
  return {
    claim: claim.quote,
    study,
    ours: `fell short at ${sizes(broke)}`,
    ratio: NOT_A_RATIO,
    verdict: `reproduced: ${claim.transport} did not hold ${clientsText(first)} while the other transports did`,
    outcome: 'agrees',
  };
}

/** Order rows: wherever the study gives one metric for two or more transports at one client count. */
function orderRows(source: ReportSource, claims: readonly ValueClaim[]): SettingRow[] {
  const groups = new Map<string, ValueClaim[]>();
  for (const claim of claims) {
    const key = `${claim.metric}/${claim.clients}`;
    groups.set(key, [...(groups.get(key) ?? []), claim]);
  }
  const rows: SettingRow[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [first] = group as [ValueClaim];
    const studyOrder = [...group].sort((a, b) => a.value - b.value).map((claim) => claim.transport);
    const claimText = `At ${clientsText(first.clients)}, ${METRIC_WORDS[first.metric].name} from lowest to highest`;
    const ours = group.map((claim) => ({ transport: claim.transport, value: ourValue(source, claim.metric, claim.transport, claim.clients) }));
    const absent = ours.find((item) => item.value === null);
    if (absent) {
      rows.push({
        claim: claimText,
        study: studyOrder.join(' < '),
        ours: '-',
        ratio: NOT_A_RATIO,
        verdict: missing(source, absent.transport, first.clients, first.metric),
        outcome: 'untested',
      });
      continue;
    }
    const ourOrder = [...ours].sort((a, b) => (a.value?.value ?? 0) - (b.value?.value ?? 0)).map((item) => item.transport);
    const same = ourOrder.join() === studyOrder.join();
    rows.push({
      claim: claimText,
      study: studyOrder.join(' < '),
      ours: ourOrder.join(' < '),
      ratio: NOT_A_RATIO,
      verdict: same ? 'same order' : 'different order',
      outcome: same ? 'agrees' : 'differs',
    });
  }
  return rows;
}

/** Every row of one setting, in the order of the data file, the order rows after the figures they order. */
function settingRows(source: ReportSource, study: StudyData): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const claim of study.claims) {
    if (claim.kind === 'value') rows.push(valueRow(source, claim));
    else if (claim.kind === 'factor') rows.push(...factorRows(source, claim));
    else rows.push(limitRow(source, claim));
  }
  rows.push(
    ...orderRows(
      source,
      study.claims.filter((claim): claim is ValueClaim => claim.kind === 'value'),
    ),
  );
  return rows;
}

/** The study's figures for one metric, for the charts' reference marks. */
export function studyValues(study: StudyData, metric: StudyMetric): ValueClaim[] {
  return study.claims.filter((claim): claim is ValueClaim => claim.kind === 'value' && claim.metric === metric);
}

/** The table: one column per setting in the results (the default alone when there are none), rows as the data file orders its claims. */
export function compareWithStudy(source: ReportSource, study: StudyData): StudyComparison {
  const settings = settingsIn(source);
  const perSetting = settings.map((setting) => settingRows(restrictTo(source, setting), study));
  const [first = []] = perSetting;
  const rows = first.map((row, index): ComparisonRow => ({
    claim: row.claim,
    study: row.study,
    columns: perSetting.map((rowsOfSetting, column) => {
      const { ours, ratio, verdict, outcome } = rowsOfSetting[index] as SettingRow;
      return { setting: settingLabel(settings[column] as RunSetting), ours, ratio, verdict, outcome };
    }),
  }));
  return { settings: settings.map(settingLabel), rows };
}
