/**
 * The live metrics of a run, as prom-client series in a registry of their own: fed by the run's
 * events and its observer (rows, samples, worker reports), read by the endpoint at each scrape.
 * Each run (of --repeat) starts its series afresh under its own run_id.
 */
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import { ROUND_TRIP_BUCKETS_MS, type ConnectionRow, type WorkerHealth, type WorkerRoundTrips } from '../../protocol/messages.js';
import type { SampleRow } from '../results/file-rows.js';
import type { RunEvent, RunIdentity, RunObserver, RunPhase } from '../run/run-events.js';
import { FailureCodes } from './failure-codes.js';

/** Every phase, so the phase gauge has a series for each and exactly one of them is 1. */
const PHASES: readonly RunPhase[] = ['preflight', 'start-server', 'start-workers', 'ramp', 'hold', 'close'];

/** Histogram bounds in seconds: the round trips' fixed buckets (ms, from the workers), and 30 s for the connect timeout's default. */
const ROUND_TRIP_BUCKETS_SECONDS = ROUND_TRIP_BUCKETS_MS.map((ms) => ms / 1000);
const LATENCY_BUCKETS_SECONDS = [...ROUND_TRIP_BUCKETS_SECONDS, 30];

/** What the server samples give; made at the first sample, so a run with no server to watch shows none rather than zeros. */
interface ServerSeries {
  rss: Gauge;
  cpuRatio: Gauge;
  cpuSeconds: Counter;
  /** Made at the first sample with a heap figure: a server that does not report its heap has none. */
  heap: Gauge | null;
  connections: Gauge | null;
  lastCpuTimeMs: number | null;
}

/** The series of one run. */
class RunSeries {
  readonly phase: Gauge<'phase'>;
  readonly planned: Gauge;
  readonly opened: Gauge;
  readonly connected: Gauge;
  readonly failed: Gauge<'code'>;
  readonly dropped: Gauge;
  readonly reconnecting: Gauge;
  readonly connect: Histogram;
  readonly firstMessage: Histogram;
  readonly workerCpu: Gauge<'worker'>;
  readonly workerLoopDelay: Gauge<'worker'>;
  readonly saturated: Gauge;
  roundTrip: Histogram | null = null;
  server: ServerSeries | null = null;
  readonly codes = new FailureCodes();

  constructor(
    private readonly registry: Registry<OpenMetricsContentType>,
    clients: number,
  ) {
    const registers = [registry];
    this.phase = new Gauge({ name: 'bench_phase', help: "1 for the run's current phase, 0 for the others", labelNames: ['phase'], registers });
    this.planned = new Gauge({ name: 'bench_clients_planned', help: 'clients this run opens (its shard share)', registers });
    this.opened = new Gauge({ name: 'bench_clients_opened', help: 'clients whose handshake has started', registers });
    this.connected = new Gauge({
      name: 'bench_clients_connected',
      help: 'clients that connected (opened and got their first message); dropped ones stay counted',
      registers,
    });
    this.failed = new Gauge({
      name: 'bench_clients_failed',
      help: 'clients that failed, by error code (reasons cut off, rare codes as other)',
      labelNames: ['code'],
      registers,
    });
    this.dropped = new Gauge({ name: 'bench_clients_dropped', help: 'clients that connected and then lost their connection', registers });
    this.reconnecting = new Gauge({ name: 'bench_clients_reconnecting', help: 'clients trying to reconnect now', registers });
    this.connect = new Histogram({
      name: 'bench_connect_seconds',
      help: 'construction of a client to its open event',
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.firstMessage = new Histogram({
      name: 'bench_first_message_seconds',
      help: 'send of the first message to its echo (push mode: open to the pushed message)',
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.workerCpu = new Gauge({
      name: 'bench_worker_cpu_ratio',
      help: "a client worker's process CPU over its last report interval, share of one core (may pass 1)",
      labelNames: ['worker'],
      registers,
    });
    this.workerLoopDelay = new Gauge({
      name: 'bench_worker_event_loop_delay_p99_seconds',
      help: "p99 of a client worker's event-loop delay over its last report interval",
      labelNames: ['worker'],
      registers,
    });
    this.saturated = new Gauge({
      name: 'bench_load_generator_saturated',
      help: '1 once any worker has saturated in this run (outside close), else 0',
      registers,
    });
    this.planned.set(clients);
    this.setPhase('preflight');
  }

  setPhase(current: RunPhase): void {
    for (const phase of PHASES) this.phase.set({ phase }, phase === current ? 1 : 0);
  }

  roundTripHistogram(): Histogram {
    this.roundTrip ??= new Histogram({
      name: 'bench_round_trip_seconds',
      help: 'steady traffic: intended send time to echo, counted by the workers in these buckets each report interval',
      buckets: ROUND_TRIP_BUCKETS_SECONDS,
      registers: [this.registry],
    });
    return this.roundTrip;
  }

  serverSeries(): ServerSeries {
    const registers = [this.registry];
    this.server ??= {
      rss: new Gauge({ name: 'bench_server_rss_bytes', help: "the measured server's RSS (its process tree's, summed) at the last sample", registers }),
      cpuRatio: new Gauge({ name: 'bench_server_cpu_ratio', help: "the measured server's CPU since the sample before, share of one core", registers }),
      cpuSeconds: new Counter({
        name: 'bench_server_cpu_seconds_total',
        help: 'CPU time (user + system) the measured server used, restarts added up',
        registers,
      }),
      heap: null,
      connections: null,
      lastCpuTimeMs: null,
    };
    return this.server;
  }
}

/** The registry and what feeds it. */
export class RunMetrics implements RunObserver {
  /** Its own registry, never prom-client's global one; OpenMetrics text. */
  readonly registry = new Registry<OpenMetricsContentType>();
  private series: RunSeries | null = null;

  constructor() {
    this.registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  }

  begin(run: RunIdentity): void {
    this.registry.clear();
    this.registry.setDefaultLabels({ transport: run.transport, run_id: run.runId });
    this.series = new RunSeries(this.registry, run.clients);
  }

  /** Takes the run's events: phases and progress counts. */
  readonly onEvent = (event: RunEvent): void => {
    const series = this.series;
    if (series === null) return;
    if (event.type === 'phase') series.setPhase(event.phase);
    else if (event.type === 'progress') {
      series.opened.set(event.opened);
      series.connected.set(event.succeeded);
      series.dropped.set(event.dropped);
      series.reconnecting.set(event.reconnecting);
    }
  };

  rows(rows: readonly ConnectionRow[]): void {
    const series = this.series;
    if (series === null) return;
    for (const row of rows) {
      if (row.error !== null) series.failed.inc({ code: series.codes.labelOf(row.error) });
      if (row.connectMs !== null) series.connect.observe(row.connectMs / 1000);
      if (row.firstMessageMs !== null) series.firstMessage.observe(row.firstMessageMs / 1000);
    }
  }

  sample(row: SampleRow): void {
    if (this.series === null) return;
    const server = this.series.serverSeries();
    server.rss.set(row.rssBytes);
    server.cpuRatio.set(row.cpuPercent / 100);
    if (row.cpuTimeMs !== null) {
      // A restarted server counts from zero again: its new time is all new.
      const last = server.lastCpuTimeMs;
      const addedMs = last === null || row.cpuTimeMs < last ? row.cpuTimeMs : row.cpuTimeMs - last;
      server.cpuSeconds.inc(addedMs / 1000);
      server.lastCpuTimeMs = row.cpuTimeMs;
    }
    const registers = [this.registry];
    if (row.heapUsedBytes !== null) {
      server.heap ??= new Gauge({ name: 'bench_server_heap_used_bytes', help: "the server's V8 heap in use, as it reported at the last sample", registers });
      server.heap.set(row.heapUsedBytes);
    }
    if (row.connections !== null) {
      server.connections ??= new Gauge({ name: 'bench_server_connections', help: 'open connections the server counted at the last sample', registers });
      server.connections.set(row.connections);
    }
  }

  health(workerIndex: number, health: WorkerHealth, saturated: boolean): void {
    const series = this.series;
    if (series === null) return;
    const worker = String(workerIndex);
    series.workerCpu.set({ worker }, health.cpuPercent / 100);
    series.workerLoopDelay.set({ worker }, health.eventLoopDelayP99Ms / 1000);
    series.saturated.set(saturated ? 1 : 0);
  }

  roundTrips(roundTrips: WorkerRoundTrips): void {
    if (this.series === null) return;
    const histogram = this.series.roundTripHistogram();
    roundTrips.counts.forEach((count, bucket) => {
      if (count === 0) return;
      // Each round trip is observed at its bucket's mean: the bucket counts and the sum are exact.
      const meanMs = (roundTrips.sumsMs[bucket] ?? 0) / count;
      const boundMs = ROUND_TRIP_BUCKETS_MS[bucket];
      const seconds = (boundMs === undefined ? meanMs : Math.min(meanMs, boundMs)) / 1000;
      for (let index = 0; index < count; index += 1) histogram.observe(seconds);
    });
  }
}
