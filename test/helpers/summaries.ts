/** Hand-made run summaries and run folders, for compare tests that need exact, known figures. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

/** The figures a test sets; everything else is a plausible ws run of 300 clients. */
export interface SummaryFigures {
  transport?: RunSummary['transport'];
  clients?: number;
  connectMs?: number;
  firstMessageMs?: number;
  steadyRssBytes?: number;
  failed?: number;
  saturated?: boolean;
  /** A run that could not finish (its server died): status failed. */
  runFailed?: boolean;
  /** A run bench could not carry out (its server never started): status failed, broken. */
  broken?: boolean;
}

const MIB = 1024 * 1024;

/** A summary whose p50 and p99 are the given value and twice it. */
export function makeSummary(figures: SummaryFigures = {}): RunSummary {
  const clients = figures.clients ?? 300;
  const failed = figures.failed ?? 0;
  const connectMs = figures.connectMs ?? 70;
  const firstMessageMs = figures.firstMessageMs ?? 2;
  const baselineRssBytes = 64 * MIB;
  const steadyRssBytes = figures.steadyRssBytes ?? 66 * MIB;
  const times = (p50: number): { p50: number; p90: number; p99: number; max: number } => ({ p50, p90: p50 * 1.8, p99: p50 * 2, max: p50 * 2.1 });
  return {
    status: figures.runFailed || figures.broken ? 'failed' : failed > 0 ? 'partial' : 'ok',
    reason: figures.runFailed
      ? 'ws server exited with signal SIGKILL during hold'
      : failed > 0
        ? `${failed} of ${clients} clients failed (${failed} timeout)`
        : null,
    broken: figures.broken ?? false,
    transport: figures.transport ?? 'ws',
    variant: { socketioTransports: ['websocket'], sockjsTransports: ['websocket'], perMessageDeflate: false },
    mode: 'echo',
    label: null,
    target: null,
    clients,
    connected: clients - failed,
    failed,
    dropped: 0,
    errors: failed > 0 ? { timeout: failed } : {},
    connectMs: times(connectMs),
    firstMessageMs: times(firstMessageMs),
    queuedMs: times(10),
    // None: single hand-made runs are judged value against value, as old run.json files are.
    percentileIntervals: {},
    server: {
      baselineRssBytes,
      steadyRssBytes,
      peakRssBytes: steadyRssBytes,
      bytesPerConnection: Math.round((steadyRssBytes - baselineRssBytes) / (clients - failed)),
      samples: 8,
    },
    steadyTraffic: null,
    loadGenerator: {
      saturated: figures.saturated ?? false,
      maxCpuPercent: figures.saturated ? 99 : 40,
      maxMainThreadBusyPercent: figures.saturated ? 100 : 60,
      maxEventLoopDelayMs: figures.saturated ? 180 : 20,
      maxEventLoopDelayP99Ms: figures.saturated ? 150 : 15,
      note: figures.saturated ? 'The load generator was saturated.' : null,
      clientBytesPerConnection: null,
    },
    injected: { delayMs: 0, retainKb: 0 },
    sourceAddresses: 1,
    rampMs: 1200,
    connectionsPerSecond: Math.round((clients - failed) / 1.2),
    wallMs: 1700,
    resultsDir: 'results/hand-made',
  };
}

/** Writes one run folder per summary under `dir` (run-0, run-1, ...) as bench would, and returns `dir`. */
export function writeRunFolders(dir: string, summaries: readonly RunSummary[], schemaVersion = 1): string {
  summaries.forEach((summary, index) => {
    const runDir = path.join(dir, `run-${index}`);
    mkdirSync(runDir, { recursive: true });
    const runJson = { schemaVersion, status: summary.status, config: { transport: summary.transport, clients: summary.clients }, summary };
    writeFileSync(path.join(runDir, 'run.json'), `${JSON.stringify(runJson, null, 2)}\n`);
  });
  return dir;
}
