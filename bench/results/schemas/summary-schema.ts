/**
 * The schema of a run's summary (run.json's `summary`, a bare summary file), written with zod 4.
 * The types stay in bench/summary/*-types.ts; test/unit/results/schemas/summary-schema.test.ts
 * checks that the schema and RunSummary agree both ways, so neither can drift from the other.
 * Fields that files written before them lack are optional, as in the types.
 */
import { z } from 'zod';
import { RUN_MODES } from '../../../protocol/messages.js';
import { CLIENT_KINDS } from '../../../protocol/client-kinds.js';
import { NAMESPACE_CONNECTIONS } from '../../../protocol/namespaces.js';
import { FAULT_ACTIONS } from '../../cluster/fault-plan.js';
import { BROKERS, SYNC_ADAPTERS } from '../../../protocol/sync-adapters.js';
import { TRANSPORT_NAMES } from '../../../protocol/transports.js';
import { LB_CHOICES } from '../../cluster/cluster-config.js';
import { PROFILE_NAMES } from '../../config/profiles.js';

/** A figure: a finite number (zod 4 refuses NaN and Infinity, and JSON a string is not one). */
export const figure = z.number();
/** A figure that may be absent from a run: a finite number or null. */
export const figureOrNull = figure.nullable();

export const runStatusSchema = z.enum(['ok', 'partial', 'failed', 'interrupted']);
export const transportNameSchema = z.enum(TRANSPORT_NAMES);
/** A pinned stack (current, 2020) or a spec stack's id (socket.io@4.7.5,socket.io-client@4.7.5). */
export const stackNameSchema = z.string().min(1);
export const profileNameSchema = z.enum(PROFILE_NAMES);
export const runModeSchema = z.enum(RUN_MODES);

export const transportVariantSchema = z.object({
  socketioTransports: z.array(z.enum(['websocket', 'polling'])),
  sockjsTransports: z.array(z.enum(['websocket', 'xhr-streaming', 'xhr-polling'])),
  perMessageDeflate: z.union([z.boolean(), z.literal('library')]),
});

const percentilesSchema = z.object({ p50: figure, p90: figure, p99: figure, max: figure });
const roundTripPercentilesSchema = z.object({ p50: figure, p90: figure, p99: figure, p999: figure, max: figure });

const stepSummarySchema = z.object({
  kind: z.enum(['emit', 'send', 'expect', 'on']),
  started: figure,
  completed: figure,
  timeouts: figure,
  failures: figure,
  disconnects: figure,
  unexpected: figure,
  p50: figureOrNull,
  p90: figureOrNull,
  p99: figureOrNull,
  p999: figureOrNull,
  max: figureOrNull,
  expected: figureOrNull,
  missing: figureOrNull,
});

const scenarioSummarySchema = z.object({
  name: z.string().nullable(),
  file: z.string(),
  groups: z.record(z.string(), figure),
  finished: figure,
  unexpected: figure,
  closedByServer: figure,
  left: figure,
  phases: z.array(z.object({ name: z.string(), durationMs: figure, arrived: figure, left: figure })).nullable(),
});

export const loadGeneratorHealthSchema = z.object({
  saturated: z.boolean(),
  maxCpuPercent: figure,
  maxMainThreadBusyPercent: figure.optional(),
  maxEventLoopDelayMs: figure,
  maxEventLoopDelayP99Ms: figure,
  note: z.string().nullable(),
  clientBytesPerConnection: figureOrNull,
});

const serverMemorySchema = z.object({
  baselineRssBytes: figureOrNull,
  steadyRssBytes: figureOrNull,
  peakRssBytes: figureOrNull,
  bytesPerConnection: figureOrNull,
  samples: figure,
});

const serverCpuSchema = z.object({ rampCpuMs: figureOrNull, cpuMsPerConnection: figureOrNull, holdCpuPercent: figureOrNull });

const serverProcessSchema = z.object({
  pid: figure,
  ppid: figure,
  command: z.string(),
  steadyRssBytes: figureOrNull,
  peakRssBytes: figure,
  cpuTimeMs: figure,
});

const steadyTrafficSchema = z.object({
  messagesPerSecond: figure,
  durationSeconds: figure,
  roundTripMs: roundTripPercentilesSchema.nullable(),
  sendLagMs: roundTripPercentilesSchema.nullable(),
  sent: figure,
  received: figure,
  lost: figure,
  outOfOrder: figure,
});

const brokerOutageSchema = z.object({
  broker: z.enum(BROKERS),
  killedAtMs: figure,
  restartAnsweredAtMs: figureOrNull,
  seconds: figure,
  expected: figure,
  delivered: figure,
  lost: figure,
  late: figure,
  duplicates: figure,
  deliveredRatio: figureOrNull,
  crossNodeDelivered: figureOrNull,
  localOnlyRatio: figure,
  recoveryMs: figureOrNull,
  wholeSecondsBefore: z.object({ whole: figure, of: figure }),
});

const broadcastSchema = z.object({
  rooms: figure,
  publishers: figure,
  publishRatePerSecond: figure,
  durationSeconds: figure,
  members: figure,
  fanOutMs: roundTripPercentilesSchema.nullable(),
  sendLagMs: roundTripPercentilesSchema.nullable(),
  published: figure,
  expected: figure,
  delivered: figure,
  deliveredRatio: figureOrNull,
  duplicates: figure,
  brokerOutage: brokerOutageSchema.optional(),
  redisOutage: brokerOutageSchema.omit({ broker: true }).optional(),
});

const percentileIntervalSchema = z.object({ low: figure, high: figure, coverage: figure, n: figure });

const slopeSchema = z.object({ slope: figure, low: figure, high: figure, coverage: figure, n: figure });

const idleSchema = z.object({
  heartbeat: z.object({ pingIntervalMs: figure, pingTimeoutMs: figure }),
  measuredSeconds: figure,
  connections: figure,
  serverOpenSockets: figure,
  serverCpuSeconds: figure,
  cpuSecondsPer1000ConnectionsPerMinute: figureOrNull,
  socketBytesRead: figure,
  socketBytesWritten: figure,
  bytesPerConnectionPerMinute: figureOrNull,
  rssSlopeBytesPerMinute: slopeSchema.nullable(),
});

export const reconnectSettingsSchema = z.object({ delayMs: figure, delayMaxMs: figure, randomizationFactor: figure });

const reconnectionSchema = z.object({
  settings: reconnectSettingsSchema,
  clientsDropped: figure,
  clientsBack: figure,
  neverBack: figure,
  attemptsPerClient: percentilesSchema.nullable(),
  attemptsTotal: figure,
  timeBackFrom: z.enum(['kill', 'drop']),
  timeBackMs: z.object({ p50: figureOrNull, p99: figureOrNull, p100: figureOrNull }),
  handshakesPerSecond: z.object({ mean: figureOrNull, peak: figure }),
});

const stormSchema = z.object({
  restartAtMs: figure,
  killedAtMs: figure,
  serverDownMs: figureOrNull,
  sampledServerPids: z.array(figure),
  stormMs: figure,
  server: z.object({ samples: figure, meanCpuPercent: figureOrNull, maxCpuPercent: figureOrNull, peakRssBytes: figureOrNull }),
});

const componentFields = {
  pid: figureOrNull,
  processes: figureOrNull,
  baselineRssBytes: figureOrNull,
  steadyRssBytes: figureOrNull,
  peakRssBytes: figureOrNull,
  cpuPercentMean: figureOrNull,
  cpuPercentPeak: figureOrNull,
};
const componentSchema = z.object(componentFields);

const windowLoadSchema = z.object({ samples: figure, cpuPercentMean: figureOrNull, cpuPercentPeak: figureOrNull, rssPeakBytes: figureOrNull, connectionsLast: figureOrNull });

const clusterSchema = z.object({
  nodes: figure,
  lb: z.enum(LB_CHOICES),
  adapter: z.enum(SYNC_ADAPTERS),
  sticky: z.boolean(),
  perNode: z.array(z.object({ ...componentFields, node: figure, port: figure, connections: figureOrNull, bytesPerConnection: figureOrNull })),
  loadBalancer: componentSchema.nullable(),
  broker: componentSchema.extend({ name: z.enum([...BROKERS, 'primary']) }).optional(),
  /** Files written before brokers other than Redis: the broker's figures under this name. */
  redis: componentSchema.optional(),
  spread: z.object({ connections: z.array(figureOrNull), maxOverMin: figureOrNull }),
  faults: z.array(
    z.object({
      component: z.union([z.enum(BROKERS), z.templateLiteral(['node:', z.number()])]),
      action: z.enum(FAULT_ACTIONS),
      plannedAtMs: figure,
      atMs: figureOrNull,
      answeredAtMs: figureOrNull,
      error: z.string().nullable(),
      atEpochMs: figureOrNull.optional(),
      answeredAtEpochMs: figureOrNull.optional(),
    }),
  ),
  connectedClients: z.array(z.object({ tMs: figure, connected: figure })),
  nodeKill: z
    .object({
      node: figure,
      killedAtMs: figure,
      windowMs: figure,
      survivors: z.array(z.object({ node: figure, before: windowLoadSchema, after: windowLoadSchema })),
    })
    .nullable()
    .optional(),
  scaling: z
    .object({
      changes: z.array(z.object({ action: z.enum(['add', 'drain']), node: figure, atMs: figureOrNull })),
      before: z.array(figureOrNull),
      after: z.array(figureOrNull),
      moved: figureOrNull,
      settledMs: figureOrNull,
      spreadOverTime: z.array(z.object({ tMs: figure, connections: z.array(figureOrNull) })),
    })
    .optional(),
});

const churnSchema = z.object({
  share: figure,
  periodSeconds: figure,
  left: figure,
  arrived: figure,
  failed: figure,
  errors: z.record(z.string(), figure.optional()),
  perHour: figureOrNull,
  connectMs: percentilesSchema.nullable(),
  firstMessageMs: percentilesSchema.nullable(),
});

const slopeIntervalSchema = z.object({ slope: figure, low: figure, high: figure });

const seriesTrendSchema = z.object({
  samples: figure,
  warmupSeconds: figure,
  fittedSamples: figure,
  fittedSeconds: figure,
  meanBytes: figure,
  perHour: slopeIntervalSchema,
  per1000Churned: slopeIntervalSchema.nullable(),
  lag1Autocorrelation: figure,
  effectiveSamples: figure,
  flatBandBytesPerHour: figure,
  verdict: z.enum(['grows', 'flat', 'cannot tell']),
});

const memoryTrendSchema = z.object({
  method: z.literal('mser5-warmup+kvb-bartlett-slope'),
  flatBandPercentPerHour: figure,
  churnedPerHour: figureOrNull,
  rss: seriesTrendSchema.nullable(),
  heapUsed: seriesTrendSchema.nullable(),
  external: seriesTrendSchema.nullable(),
});

const heapGrowthSchema = z.object({
  snapshots: z.array(z.object({ file: z.string(), atSeconds: figure, writeMs: figure, objects: figure, bytes: figure })),
  grown: z.array(
    z.object({
      constructor: z.string(),
      countBefore: figure,
      countAfter: figure,
      sizeBeforeBytes: figure,
      sizeAfterBytes: figure,
      newObjects: figure,
      topRetainer: z.string().nullable(),
      topRetainerHolds: figure,
      retainerChain: z.array(z.string()),
    }),
  ),
  error: z.string().nullable(),
});

const slowReadersSchema = z.object({
  share: figure,
  clients: figure,
  paused: figure,
  sent: figure,
  serverConnectionsAtStart: figureOrNull,
  serverConnectionsLowest: figureOrNull,
  firstDropSeconds: figureOrNull,
  rssGrowthBytes: figureOrNull,
  heapUsedGrowthBytes: figureOrNull,
  externalGrowthBytes: figureOrNull,
  rssBytesPerSlowReader: figureOrNull,
});

/** run.json's `summary`, and what `bench run --json` prints. */
export const runSummarySchema = z.object({
  status: runStatusSchema,
  reason: z.string().nullable(),
  broken: z.boolean().optional(),
  transport: transportNameSchema,
  variant: transportVariantSchema,
  stack: stackNameSchema.optional(),
  client: z.enum(CLIENT_KINDS).optional(),
  namespaces: z.object({ count: figure, connections: z.enum(NAMESPACE_CONNECTIONS) }).optional(),
  profile: profileNameSchema.nullable().optional(),
  // Absent in files written before modes: the type keeps it required, since every reader reads it as echo then (mode ?? 'echo').
  mode: runModeSchema.default('echo'),
  label: z.string().nullable(),
  target: z.string().nullable(),
  shard: z.object({ index: figure, count: figure }).nullable().optional(),
  clients: figure,
  connected: figure,
  failed: figure,
  dropped: figure,
  // Keys are error codes (timeout, http-401: ..., sockjs-4001: ...): an open set of strings.
  errors: z.record(z.string(), figure.optional()),
  connectMs: percentilesSchema.nullable(),
  firstMessageMs: percentilesSchema.nullable(),
  queuedMs: percentilesSchema.nullable(),
  percentileIntervals: z.record(z.string(), percentileIntervalSchema).optional(),
  server: serverMemorySchema.nullable(),
  serverCpu: serverCpuSchema.nullable().optional(),
  serverProcesses: z.array(serverProcessSchema).nullable().optional(),
  steadyTraffic: steadyTrafficSchema.nullable(),
  steps: z.record(z.string(), stepSummarySchema).optional(),
  scenario: scenarioSummarySchema.optional(),
  broadcast: broadcastSchema.nullable().optional(),
  loadGenerator: loadGeneratorHealthSchema,
  injected: z.object({ delayMs: figure, retainKb: figure }),
  sourceAddresses: figure,
  rampMs: figureOrNull,
  connectionsPerSecond: figureOrNull,
  wallMs: figure,
  resultsDir: z.string(),
  idle: idleSchema.nullable().optional(),
  reconnection: reconnectionSchema.nullable().optional(),
  storm: stormSchema.nullable().optional(),
  cluster: clusterSchema.optional(),
  churn: churnSchema.optional(),
  memoryTrend: memoryTrendSchema.optional(),
  heapGrowth: heapGrowthSchema.optional(),
  slowReaders: slowReadersSchema.optional(),
});
