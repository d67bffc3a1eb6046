/**
 * What each field of a run's summary means, for the docs: docs/output-files.md's summary table is
 * generated from this list (npm run docs), and the docs test fails when a field of a run's summary
 * has no row here. Data only.
 */

/** One row of the summary table: the fields it describes (`server.steadyRssBytes` for a nested one), their unit, and what they mean (Markdown). */
export interface SummaryFieldDoc {
  fields: readonly string[];
  unit: string;
  meaning: string;
}

/** The rows, in the order the table lists them. */
export const SUMMARY_FIELDS: readonly SummaryFieldDoc[] = [
  { fields: ['status', 'reason'], unit: '', meaning: 'outcome and, when not ok, one sentence why' },
  { fields: ['transport', 'variant', 'mode', 'label', 'target'], unit: '', meaning: 'what was measured' },
  { fields: ['stack', 'profile'], unit: '', meaning: 'the library stack (`current`, `2020`) and the profile (or null)' },
  {
    fields: ['client'],
    unit: '',
    meaning: "`library` (each transport's client library) or `wire` (bench's own protocol client, `--client wire`); absent in older files: library",
  },
  {
    fields: ['namespaces'],
    unit: '',
    meaning:
      'only with `--namespaces`: `count` (each client joined /ns-0 to /ns-<count-1>) and `connections` (`one`: multiplexed over one connection; `per-namespace`: a connection each)',
  },
  { fields: ['broken'], unit: '', meaning: 'true when the run failed because bench or the machine broke (server or worker would not start): exit 3' },
  { fields: ['shard'], unit: '', meaning: "null unless `--shard`; else `index`, `count`: the figures are over this shard's own clients (below)" },
  {
    fields: ['clients', 'connected', 'failed', 'dropped'],
    unit: 'count',
    meaning: 'dropped: connected, then lost before the run closed them (a worker that died drops all its connections)',
  },
  { fields: ['errors'], unit: 'count per code', meaning: 'failed clients by error code' },
  {
    fields: ['connectMs', 'firstMessageMs', 'queuedMs'],
    unit: 'ms',
    meaning: '`p50`, `p90`, `p99`, `max` over clients that connected (nearest rank on the pooled values of all workers); null if none did',
  },
  {
    fields: ['percentileIntervals'],
    unit: 'ms',
    meaning:
      "by figure name (`connectMs.p50` ... `firstMessageMs.p99`): `low`, `high`, `coverage`, `n`: the exact interval of that percentile over the run's clients, which compare judges a single run with",
  },
  { fields: ['server.baselineRssBytes'], unit: 'bytes', meaning: 'RSS after listening, before the first client (the last baseline sample)' },
  { fields: ['server.steadyRssBytes'], unit: 'bytes', meaning: 'median RSS over the hold samples (one is taken as the hold begins)' },
  { fields: ['server.peakRssBytes'], unit: 'bytes', meaning: 'largest sample' },
  { fields: ['server.bytesPerConnection'], unit: 'bytes', meaning: '(steady - baseline) / connected' },
  {
    fields: ['server.samples'],
    unit: 'count',
    meaning:
      "server samples taken; `server` is null when none was (`--target`, a shard that joined another's server); of a `--server-cmd` or `--server-pid` server every figure is of its whole process tree, summed",
  },
  {
    fields: ['serverCpu'],
    unit: 'ms, %',
    meaning:
      "`rampCpuMs`: the server's CPU time from the last baseline sample to the first hold sample (the workers' start and the ramp); `cpuMsPerConnection`: that / connected, what a new connection cost the server (its handshake, TLS included); `holdCpuPercent`: mean CPU over the hold, % of one core; null when the samples carry no CPU time (`--target`, `--nodes`: see `cluster`)",
  },
  {
    fields: ['serverProcesses'],
    unit: '',
    meaning:
      "`--server-cmd`, `--server-pid`: one entry per process of the server's tree, the command bench ran first: `pid`, `ppid`, `command`, `steadyRssBytes` (median of its hold samples; null when it was not alive in the hold), `peakRssBytes`, `cpuTimeMs` (at its last sample); null otherwise",
  },
  {
    fields: ['steadyTraffic'],
    unit: '',
    meaning:
      'null without `--messages-per-second`; else `roundTripMs` (`p50`, `p90`, `p99`, `p999`, `max`, ms, from intended send time), `sendLagMs` (same percentiles: how late messages left), `sent`, `received`, `lost` (not echoed within the drain wait, plus what the clients of a worker that died were due to send), `outOfOrder`',
  },
  {
    fields: ['broadcast'],
    unit: '',
    meaning:
      'null unless `--mode broadcast`; else `rooms`, `publishers`, `publishRatePerSecond`, `durationSeconds` (the hold), `members` (clients in a room as publishing began), `fanOutMs` (`p50`, `p90`, `p99`, `p999`, `max`, ms, from intended send time to receipt, per delivery), `sendLagMs` (how late room messages left), `published`, `expected` (per room: published x members, the publisher included), `delivered` (duplicates excluded), `deliveredRatio` (delivered / expected, null when nothing was expected), `duplicates`; with `--kill <broker>@..` (redis, postgres, nats, rabbitmq), `brokerOutage` (below)',
  },
  {
    fields: ['loadGenerator'],
    unit: '',
    meaning:
      "`saturated`, `maxCpuPercent` (busiest worker process over one interval, GC threads included, so it may pass 100: what saturation is judged on), `maxMainThreadBusyPercent` (event-loop utilization, for information: a ramp's loop never idles), `maxEventLoopDelayMs`, `maxEventLoopDelayP99Ms`, `note`, `clientBytesPerConnection` (workers' RSS growth over the ramp per connected client, after a GC). Intervals shorter than 100 ms and the close phase are not judged",
  },
  { fields: ['sourceAddresses'], unit: 'count', meaning: "local addresses the clients connected from (1: the OS's choice)" },
  { fields: ['rampMs', 'connectionsPerSecond'], unit: 'ms, 1/s', meaning: 'ramp length, and clients connected per second of ramp' },
  { fields: ['injected'], unit: 'ms, KiB', meaning: 'fault injection in force' },
  { fields: ['wallMs'], unit: 'ms', meaning: 'whole run, preflight to files written' },
  { fields: ['resultsDir'], unit: 'path', meaning: 'the run folder' },
  {
    fields: ['idle'],
    unit: '',
    meaning:
      "null unless `--mode idle`; else `heartbeat`, `measuredSeconds` (between the server's two readings), `connections` (connected and not dropped: the divisor), `serverOpenSockets`, `serverCpuSeconds`, `cpuSecondsPer1000ConnectionsPerMinute`, `socketBytesRead`, `socketBytesWritten` (bytes, over the hold), `bytesPerConnectionPerMinute`, `rssSlopeBytesPerMinute` (`slope`, `low`, `high` in bytes per minute after the warm-up, with the soak's autocorrelation-robust interval, `coverage` 0.95, `n` samples; null under 5 samples after the warm-up)",
  },
  {
    fields: ['reconnection'],
    unit: '',
    meaning:
      "null unless clients reconnect; else `settings` (the back-off), `clientsDropped`, `clientsBack`, `neverBack` (count), `attemptsPerClient` (`p50`, `p90`, `p99`, `max` over dropped clients), `attemptsTotal`, `timeBackFrom` (`kill`: from the server's kill or the first node kill; `drop`: from each client's first drop), `timeBackMs` (`p50`, `p99`, `p100`: ms until 50/99/100% of the dropped clients were back; null when fewer came back), `handshakesPerSecond` (`mean` from the kill to the last back, `peak`: the fullest 100 ms, per second)",
  },
  {
    fields: ['storm'],
    unit: '',
    meaning:
      'null without `--restart-server-at`; else `restartAtMs`, `killedAtMs` (after the hold began), `serverDownMs` (kill to the new server listening), `sampledServerPids` (the killed server, then the new one), `stormMs` (kill until every client was back or the wait ended), `server` (`samples`, `meanCpuPercent`, `maxCpuPercent`, `peakRssBytes` over the `storm` samples)',
  },
  { fields: ['cluster'], unit: '', meaning: 'only with `--nodes` 2 or more (absent otherwise, as is `config.cluster`): the topology and its figures, below' },
  {
    fields: ['churn'],
    unit: '',
    meaning:
      'only with `--churn`: `share`, `periodSeconds`, `left` (clients that gave their place), `arrived` and `failed` (new clients, `errors` by code), `perHour` (arrivals per hour of steady traffic: the per-1,000 divisor), `connectMs` and `firstMessageMs` of the arrivals (`p50`, `p90`, `p99`, `max`)',
  },
  {
    fields: ['memoryTrend'],
    unit: 'bytes, bytes/h',
    meaning:
      'only with a soak flag (`--churn`, `--flat-band`, `--heap-snapshots`, `--inject-leak-kb`, `--slow-readers`): `method`, `flatBandPercentPerHour`, `churnedPerHour`, and per series (`rss`, `heapUsed`, `external`; null with too few samples): `samples`, `warmupSeconds` (MSER-5), `fittedSamples`, `fittedSeconds`, `meanBytes`, `perHour` and `per1000Churned` (`slope`, `low`, `high`: the 95% autocorrelation-robust interval), `lag1Autocorrelation`, `effectiveSamples`, `flatBandBytesPerHour`, `verdict` (`grows`, `flat`, `cannot tell`)',
  },
  {
    fields: ['heapGrowth'],
    unit: 'bytes, count',
    meaning:
      'only with `--heap-snapshots`: `snapshots` (`file`, `atSeconds` after the hold began, `writeMs`, `objects`, `bytes` of own size), `grown` (the 10 constructors whose own size grew most: `constructor`, `countBefore`, `countAfter`, `sizeBeforeBytes`, `sizeAfterBytes`, `newObjects`, `topRetainer`, `topRetainerHolds`, `retainerChain`), `error` (why there is no comparison, else null)',
  },
  {
    fields: ['slowReaders'],
    unit: 'count, s, bytes',
    meaning:
      "only with `--slow-readers`: `share`, `clients` and `paused` (slow readers chosen, and those whose socket was paused), `sent` (their messages, not in `steadyTraffic`), `serverConnectionsAtStart` and `serverConnectionsLowest` (the server's own count over the hold), `firstDropSeconds` (when that count first fell; null: never), `rssGrowthBytes`, `heapUsedGrowthBytes`, `externalGrowthBytes` (last hold sample minus the first), `rssBytesPerSlowReader`",
  },
];
