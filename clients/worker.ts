/**
 * Entry point of a client worker process. It receives its WorkerConfig over IPC, ramps its
 * clients, streams rows and progress back, and closes everything when told to.
 */
import type { ChurnRow, ConnectionRow, ParentToWorker, WorkerConfig, WorkerToParent } from '../protocol/messages.js';
import type { Scenario } from '../protocol/scenario.js';
import { ClientRunner } from './client-runner.js';
import { loadClientDriver } from './index.js';
import type { ClientDriver } from './client-driver.js';
import { loadHandshakeTemplates } from './handshake.js';
import { ScenarioRunner } from './scenario/scenario-runner.js';
import { startHealthMonitor } from './worker-health.js';
import { Churn } from './churn.js';

const ROW_BATCH_SIZE = 500;
const CLOSE_GRACE_MS = 3000;

function sendToParent(message: WorkerToParent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** RSS after a full collection when the worker runs with --expose-gc, so garbage is not counted as client memory. */
function rssAfterCollection(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage.rss();
}

let runner: ClientRunner | null = null;
let driver: ClientDriver | null = null;
let rssAtReadyBytes = 0;
let pendingRows: ConnectionRow[] = [];
let pendingChurnRows: ChurnRow[] = [];
let progressTimer: NodeJS.Timeout | null = null;
/** Health over shorter intervals than this is not reported: the final report at ramp end may come early. */
const MIN_HEALTH_INTERVAL_MS = 100;
const health = startHealthMonitor(MIN_HEALTH_INTERVAL_MS);

function flushRows(): void {
  if (pendingChurnRows.length > 0) {
    void sendToParent({ type: 'worker-churn-rows', rows: pendingChurnRows });
    pendingChurnRows = [];
  }
  if (pendingRows.length === 0) return;
  void sendToParent({ type: 'worker-rows', rows: pendingRows });
  pendingRows = [];
}

function reportProgress(): void {
  if (!runner) return;
  flushRows();
  void sendToParent({ type: 'worker-progress', ...runner.counts });
  const roundTrips = runner.steady.takeRoundTrips();
  if (roundTrips) void sendToParent({ type: 'worker-round-trips', roundTrips });
  const latest = health.read();
  if (latest) void sendToParent({ type: 'worker-health', health: latest });
}

/** Loads the client library of the run's stack, then says ready: its load and its memory come before the ramp. */
async function load(message: Extract<ParentToWorker, { type: 'worker-load' }>): Promise<void> {
  const loaded = await loadClientDriver(message.transport, message.stack, message.client);
  driver = loaded.value;
  rssAtReadyBytes = rssAfterCollection();
  // Compiling the library and the collection block the event loop for tens of ms: setting up, not
  // load, so they must not land in the ramp's first health interval.
  health.skip();
  await sendToParent({ type: 'worker-libraries', libraries: loaded.libraries });
  await sendToParent({ type: 'worker-ready' });
}

async function start(message: Extract<ParentToWorker, { type: 'worker-start' }>): Promise<void> {
  const { config } = message;
  if (driver === null) throw new Error('worker-start arrived before worker-load');
  const handshakes = config.handshake === null ? null : loadHandshakeTemplates(config.handshake);
  const scenario = config.scenario === undefined ? null : await scenarioRunnerOf(config, handshakes?.tokens ?? []);
  runner = new ClientRunner(
    config,
    driver,
    {
      row(row) {
        pendingRows.push(row);
        if (pendingRows.length >= ROW_BATCH_SIZE) flushRows();
      },
      churnRow(row) {
        pendingChurnRows.push(row);
        if (pendingChurnRows.length >= ROW_BATCH_SIZE) flushRows();
      },
    },
    handshakes,
    scenario,
  );
  progressTimer = setInterval(reportProgress, config.progressIntervalMs);
  await runner.ramp();
  reportProgress();
  await sendToParent({ type: 'worker-ramp-done' });
  const rssBytes = rssAfterCollection();
  await sendToParent({ type: 'worker-memory', rssAtReadyBytes, rssBytes });
  // After the memory figure, so the histogram codec is not counted as client memory.
  if (config.messagesPerSecond > 0) await runner.steady.prepare();
  await runner.broadcast?.prepare();
  // The forced collection and the codec's load are the harness measuring itself, not load: their
  // pauses (the collection's often past the saturation bound at 10,000 clients) must not land in
  // the hold's first health interval.
  health.skip();
}

/**
 * The scenario's side of the worker, with the histogram codec its figures need loaded now, before
 * the ramp, and the RSS the clients are measured from taken again after it. `tokens`: the lines of
 * --tokens-file, as the handshake templates read them.
 */
async function scenarioRunnerOf(config: WorkerConfig, tokens: readonly string[]): Promise<ScenarioRunner> {
  const codec = await import('../protocol/round-trip-histogram.js');
  rssAtReadyBytes = rssAfterCollection();
  health.skip();
  return new ScenarioRunner(config.scenario as Scenario, codec, tokens, config.workerIndex);
}

/** With a scenario, the hold lasts until every client ran its steps and the last arrival phase is over. */
async function finishScenario(scenario: ScenarioRunner): Promise<void> {
  if (!runner) return;
  scenario.rampIsOver();
  await scenario.finished(runner.rampStart + (runner.schedule?.endMs ?? 0));
  await sendToParent({ type: 'worker-scenario-done' });
}

/** The scenario's figures and one row per client, taken before the clients close, so "open at close" ends as the run's. */
async function sendScenarioReports(): Promise<void> {
  const scenario = runner?.scenario ?? null;
  if (scenario === null) return;
  const rows = scenario.clientRows();
  for (let start = 0; start < rows.length; start += ROW_BATCH_SIZE) {
    await sendToParent({ type: 'worker-scenario-clients', rows: rows.slice(start, start + ROW_BATCH_SIZE) });
  }
  await sendToParent({ type: 'worker-steps', steps: scenario.stepReports(), fanOuts: scenario.fanOutReports() });
}

async function runSteadyTraffic(): Promise<void> {
  if (!runner) return;
  const { config } = runner;
  if (runner.scenario !== null) return finishScenario(runner.scenario);
  if (runner.broadcast !== null) {
    const traffic = await runner.broadcast.run(config.drainMs, config.payloadBytes);
    await sendToParent({ type: 'worker-broadcast-done', traffic });
    return;
  }
  const churn = config.churn === undefined ? null : new Churn(config.churn, runner);
  churn?.start(config.steadyDurationMs);
  const traffic = await runner.steady.run({
    messagesPerSecond: config.messagesPerSecond,
    durationMs: config.steadyDurationMs,
    drainMs: config.drainMs,
    payloadBytes: config.payloadBytes,
    ...(config.slowReaderShare === undefined ? {} : { slowReaderShare: config.slowReaderShare }),
  });
  churn?.stop();
  await sendToParent({ type: 'worker-steady-done', traffic });
}

/** Reconnect rows are taken before the clients close, so "open at close" is the state the run found. */
async function sendReconnectRows(): Promise<void> {
  if (!runner || runner.reconnect === null) return;
  const rows = runner.reconnectRows();
  for (let start = 0; start < rows.length; start += ROW_BATCH_SIZE) {
    await sendToParent({ type: 'worker-reconnects', rows: rows.slice(start, start + ROW_BATCH_SIZE) });
  }
}

async function close(awaitEndsMs: number): Promise<void> {
  if (runner && awaitEndsMs > 0) await runner.awaitEnds(awaitEndsMs);
  await sendReconnectRows();
  await sendScenarioReports();
  if (runner) await runner.closeAll(CLOSE_GRACE_MS);
  if (progressTimer) clearInterval(progressTimer);
  reportProgress();
  health.stop();
  await sendToParent({ type: 'worker-closed', dropped: runner?.counts.dropped ?? 0 });
  process.exit(0);
}

process.on('message', (message: ParentToWorker) => {
  if (message.type === 'worker-load') void load(message);
  else if (message.type === 'worker-start') void start(message);
  else if (message.type === 'worker-steady-start') void runSteadyTraffic();
  else if (message.type === 'worker-close') void close(message.awaitEndsMs ?? 0);
});
// No orphans: a worker whose parent is gone has nobody to report to.
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; the parent decides when its workers close.
process.on('SIGINT', () => undefined);
