/** Progress of a capacity search on stderr (probe k with the bracket and the time left, a line per run and per probe) and its closing lines. */
import type { CapacityEvent } from '../capacity/capacity-engine.js';
import type { CapacityConfig, CapacityWorkload } from '../capacity/capacity-config.js';
import { filledFlagsText } from '../capacity/capacity-objectives.js';
import type { CapacityJson, KneePrecision, ProbeRecord } from '../capacity/capacity-types.js';
import type { Bracket } from '../capacity/capacity-search.js';
import type { SloJudgement } from '../capacity/probe-verdict.js';
import { findFigure } from '../stats/figures.js';
import { formatBytes, formatMs } from './format.js';
import { createProgressRenderer } from './progress-renderer.js';
import { formatDuration } from './sweep-progress.js';

/** The bracket as words: "1000 to 2000 clients", "at least 4000", "below 1000". */
export function describeBracket(bracket: Bracket): string {
  if (bracket.low !== null && bracket.high !== null) return `${bracket.low} to ${bracket.high} clients`;
  if (bracket.low !== null) return `at least ${bracket.low} clients`;
  if (bracket.high !== null) return `below ${bracket.high} clients`;
  return 'nothing known yet';
}

function formatValue(judgement: SloJudgement, value: number): string {
  if (!Number.isFinite(value)) return 'not measured';
  if (judgement.slo.includes('%') && findFigure(judgement.figure)?.unit === 'count') return `${Number(value.toPrecision(3))}%`;
  switch (findFigure(judgement.figure)?.unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    default:
      return String(Number(value.toPrecision(4)));
  }
}

/** One objective of a probe: "connectMs.p99 412 ms [380 ms, 460 ms] ok". */
function judgementText(judgement: SloJudgement): string {
  const { estimate } = judgement;
  const interval = estimate.n > 1 ? ` [${formatValue(judgement, estimate.ciLow)}, ${formatValue(judgement, estimate.ciHigh)}]` : '';
  const mark = judgement.meets
    ? judgement.clear
      ? 'meets'
      : 'meets (interval crosses the bound)'
    : judgement.clear
      ? 'MISSES'
      : 'MISSES (interval crosses the bound)';
  return `${judgement.figure} ${formatValue(judgement, estimate.median)}${interval} ${mark}`;
}

/** The line after a probe. */
export function probeLine(probe: ProbeRecord): string {
  const figures = probe.judgements.map(judgementText).join('; ');
  const rate = probe.ratePerSecond === null ? '' : ` at ${probe.ratePerSecond}/s`;
  const leftOut = probe.saturatedRuns > 0 ? ` (${probe.saturatedRuns} saturated, left out)` : '';
  return `  ${probe.verdict}: ${probe.clients} clients${rate}, ${probe.runs.length} runs${leftOut} in ${formatDuration(probe.wallMs)}${figures ? ` - ${figures}` : ''}${probe.verdict === 'pass' ? '' : ` (${probe.reason})`}`;
}

/** The line an event of the search prints (a run's own progress is the run renderer's). */
function eventLine(event: Exclude<CapacityEvent, { type: 'run-event' }>): string {
  switch (event.type) {
    case 'probe-start': {
      const left =
        event.remainingMs === null ? 'time left known after the first run' : `about ${formatDuration(event.remainingMs)} left (${event.probesLeft} probes)`;
      const capped = event.cappedBy === null ? '' : `\n  the largest count under a hard limit (${event.cappedBy})`;
      const saturated = event.saturatedFrom === null ? '' : `, load generator saturated at ${event.saturatedFrom}`;
      return `probe ${event.index}: ${event.clients} clients (${event.phase}; so far ${describeBracket(event.bracket)}${saturated}; ${left})${capped}`;
    }
    case 'run-done': {
      const { summary } = event;
      const saturated = summary.loadGenerator.saturated ? ', load generator saturated: left out' : '';
      const which = event.run <= event.repeat ? `${event.run} of ${event.repeat}` : `${event.run} (extra, at most ${event.maxRuns})`;
      return (
        `  run ${which}: ${summary.status}, connected ${summary.connected}/${summary.clients}, connect p99 ${formatMs(summary.connectMs?.p99)}, ` +
        `first message p99 ${formatMs(summary.firstMessageMs?.p99)}${saturated}`
      );
    }
    case 'rate-lowered': {
      const from = event.fromPerSecond === null ? 'an unlimited ramp' : `${event.fromPerSecond}/s`;
      return `  the load generator saturated: arrival rate lowered from ${from} to ${event.toPerSecond}/s (lowering ${event.lowering} of ${event.of}); failures at the higher rate no longer count`;
    }
    case 'probe-done':
      return probeLine(event.probe);
  }
}

/** Steady traffic per client in words: "1 message/s per client for 10 s", or null without. */
function trafficOf(workload: CapacityWorkload): string | null {
  if (workload.messagesPerSecond === 0) return null;
  const messages = workload.messagesPerSecond === 1 ? 'message' : 'messages';
  return `${workload.messagesPerSecond} ${messages}/s per client for ${workload.durationSeconds} s`;
}

/**
 * The line before the first probe: what the capacity will be the capacity of (the workload and the
 * bounds), and a second line with the flags the objective filled, so they can be given otherwise.
 */
export function searchHeadline(config: CapacityConfig): string {
  const { workload } = config;
  const arrivals =
    workload.ratePerSecond === null ? `arrivals unlimited (a burst, ${workload.concurrency} handshakes at a time)` : `arrivals ${workload.ratePerSecond}/s`;
  const what = [trafficOf(workload) ?? 'no steady traffic', arrivals, `${workload.client} client`].join(', ');
  const headline = `capacity of ${config.transport} (--objective ${config.objective}): ${what}; meeting ${config.slo.map((item) => item.text).join(', ')}`;
  const filled = [filledFlagsText(config.filledByObjective.runFlags), config.filledByObjective.slo === null ? '' : `--slo ${config.filledByObjective.slo}`]
    .filter((text) => text.length > 0)
    .join(' ');
  return filled.length === 0 ? headline : `${headline}\n  --objective ${config.objective} filled what was not given: ${filled}`;
}

/** Renders search events; `finish` ends a progress line left open on a terminal. */
export function createCapacityProgressRenderer(stream: NodeJS.WriteStream, quiet: boolean): { onEvent(event: CapacityEvent): void; finish(): void } {
  let run = createProgressRenderer(stream, quiet);
  return {
    onEvent(event) {
      if (event.type === 'run-event') {
        run.onEvent(event.event);
        return;
      }
      run.finish();
      // A fresh run renderer per probe, so its plain-line pacing starts again with each probe's runs.
      if (event.type === 'probe-start') run = createProgressRenderer(stream, quiet);
      if (!quiet) stream.write(`${eventLine(event)}\n`);
    },
    finish: () => run.finish(),
  };
}

/** How the capacity's clients arrived: a lowered rate changes the question (a paced arrival, not a burst), so the answer names it. */
function arrivalOf(record: CapacityJson): string {
  const pass = record.probes.find((probe) => probe.clients === record.capacity && probe.verdict === 'pass');
  if (!pass || pass.ratePerSecond === null) return '';
  const lowered = record.rateLowerings.length > 0 ? ` after ${record.rateLowerings.length} saturated probes halved the rate` : '';
  return `, clients arriving at ${pass.ratePerSecond}/s${lowered}`;
}

/** The steady traffic of every probe, for the closing line; nothing without. */
function trafficWords(record: CapacityJson): string {
  const traffic = trafficOf(record.config.workload);
  return traffic === null ? '' : `, ${traffic}`;
}

function saturatedAt(record: CapacityJson): string {
  return record.saturatedFrom === null ? '' : `; the load generator saturated at ${record.saturatedFrom}, so this is a lower bound`;
}

const percent = (share: number): string => `${Number((share * 100).toPrecision(2))}%`;

/** How far a repeated search may land, in words: the figure's slope and scatter near the knee against the resolution. */
export function precisionLine(precision: KneePrecision, resolution: number): string {
  const slope = `${precision.elasticity.toFixed(2)}% per 1% more clients (95% interval ${precision.elasticityLow.toFixed(2)} to ${precision.elasticityHigh.toFixed(2)})`;
  const trend = `near the knee ${precision.figure} changes ${slope} and one run scatters ${percent(precision.runSpread)} about that trend`;
  if (precision.capacitySpread === null)
    return `precision: ${trend}: the figure does not clearly change with the clients there, so noise, not the server, places the knee`;
  const verdict = precision.capacitySpread > resolution ? `wider than the ${percent(resolution)} resolution` : `within the ${percent(resolution)} resolution`;
  const runs = Number.isInteger(precision.runsPerProbe) ? `${precision.runsPerProbe}` : `about ${Math.round(precision.runsPerProbe)}`;
  return `precision: ${trend}, so a repeated search is expected within about +-${percent(precision.capacitySpread)} of this answer (95%, medians of ${runs} runs), ${verdict}`;
}

/** The closing lines: the capacity with its bracket, and why the search stopped. */
export function renderCapacityResult(record: CapacityJson): string {
  const transport = record.config.transport;
  const slo = record.config.slo.map((item) => item.text).join(', ');
  const capacity =
    record.capacity === null
      ? `${transport}: no probe met every objective (${slo})`
      : `${transport}: capacity ${record.capacity} clients (${describeBracket(record.bracket)}${saturatedAt(record)}) meeting ${slo}${arrivalOf(record)}${trafficWords(record)}`;
  const stop = record.stop ? `stopped (${record.stop.reason}): ${record.stop.message}` : 'not finished';
  const precision = record.precision === null ? '' : `${precisionLine(record.precision, record.config.resolution)}\n`;
  return `${capacity}\n${precision}${stop}\n${record.probes.length} probes, ${record.probes.reduce((sum, probe) => sum + probe.runs.length, 0)} runs, ${formatDuration(record.wallMs)}`;
}
