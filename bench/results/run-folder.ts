/**
 * The registry of a run folder's files: each file's name, when it is written, and for a CSV file
 * its columns with their units and meanings. Every writer and reader takes the name and the columns
 * from here, and docs/output-files.md's tables are generated from it (bench/docs-tables.ts).
 */
import path from 'node:path';
import type { BroadcastCsvRow, ChurnCsvRow, ClientsTimelineRow, ComponentSampleRow, ConnectionRow, ReconnectCsvRow, SampleRow, ServerProcessRow, StepCsvRow } from './file-rows.js';
import type { ScenarioClientRow } from '../../protocol/scenario.js';

/** One column of a CSV file: its header name, unit and meaning (Markdown, as the docs show it). */
export interface CsvColumn<Row> {
  name: keyof Row & string;
  unit: string;
  meaning: string;
}

/** A file of a run folder. */
export interface RunFolderFile {
  name: string;
  /** When a run writes it, in words (Markdown). */
  written: string;
  /** What it holds, in words (Markdown). */
  holds: string;
}

/** A CSV file of a run folder, whatever its rows: what the docs read. */
export interface CsvFileDoc extends RunFolderFile {
  /** The docs' name for its generated table: `<!-- generated:columns:NAME -->`. */
  table: string;
  columns: ReadonlyArray<{ name: string; unit: string; meaning: string }>;
}

/** A CSV file of a run folder, with its header. */
export interface CsvFile<Row> extends CsvFileDoc {
  columns: ReadonlyArray<CsvColumn<Row>>;
}

/** The header of a CSV file, in order. */
export function columnNames<Row>(file: CsvFile<Row>): Array<keyof Row & string> {
  return file.columns.map((column) => column.name);
}

/** Where `file` lies in the run folder `runDir`. */
export function runFilePath(runDir: string, file: RunFolderFile): string {
  return path.join(runDir, file.name);
}

export const RUN_JSON: RunFolderFile = {
  name: 'run.json',
  written: 'always: when the run starts (status `running`) and again when it ends',
  holds: 'schema version, resolved config, environment, status, the libraries loaded, and the summary that `--json` prints',
};

export const CONNECTIONS_CSV: CsvFile<ConnectionRow> = {
  name: 'connections.csv',
  table: 'connections',
  written: 'always, row by row as the workers report',
  holds: 'one row per client',
  columns: [
    { name: 'client', unit: 'id', meaning: 'global client id, 0 to clients-1' },
    { name: 'worker', unit: 'index', meaning: 'the worker process that ran it' },
    { name: 'transport', unit: '', meaning: '`ws`, `socketio` or `sockjs`' },
    { name: 'queuedMs', unit: 'ms', meaning: "from the client's scheduled start to the start of its handshake (waiting for a slot or for the worker)" },
    {
      name: 'connectMs',
      unit: 'ms',
      meaning: 'from just before the client object is constructed to its open event (Socket.IO: `connect`, after the namespace handshake; SockJS: `onopen`, after `/info`)',
    },
    {
      name: 'firstMessageMs',
      unit: 'ms',
      meaning: 'echo mode: from sending the first message to its echo; push mode: from open to the pushed message; broadcast mode: from sending the join to its acknowledgement',
    },
    {
      name: 'error',
      unit: 'code',
      meaning:
        "empty on success; otherwise `timeout`, `ECONNREFUSED`, `ECONNRESET`, `closed-early`, `http-<status>` (`http-<status>: <reason>` where the server said why, in its body or else its status text: `http-401: invalid token`, `http-400: Session ID unknown`), `connect-error: <reason>` (Socket.IO refused the namespace connect: `connect-error: invalid token`, `connect-error: Invalid namespace`), `sockjs-<close code>` (`sockjs-<code>: <reason>` for an application's code 4000-4999), a certificate the client does not trust as the code Node gives it (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...), `worker-lost`, `interrupted` (the run closed it before it finished), `not-started`; a reason is the server's text on one line, at most 80 characters; times are empty then",
    },
  ],
};

export const SAMPLES_CSV: CsvFile<SampleRow> = {
  name: 'samples.csv',
  table: 'samples',
  written: 'always, one row per server sample; with `--target` its header only (nobody samples the server)',
  holds: 'the server over time: RSS, heap, CPU, open connections, phase',
  columns: [
    { name: 'tMs', unit: 'ms', meaning: 'since the server reported listening' },
    { name: 'connections', unit: 'count', meaning: 'connections open on the server at that moment' },
    {
      name: 'rssBytes',
      unit: 'bytes',
      meaning: 'resident set size of the server process (pidusage); of a `--server-cmd` or `--server-pid` server, summed over its whole process tree',
    },
    { name: 'heapUsedBytes', unit: 'bytes', meaning: "V8 heap in use, reported by the server; empty for a server bench did not write (it cannot ask)" },
    {
      name: 'externalBytes',
      unit: 'bytes',
      meaning: "V8's external memory (Buffers' bytes among it), reported by the server like `heapUsedBytes`; empty where it was not (a server bench did not write, files of an older bench)",
    },
    { name: 'cpuPercent', unit: '% of one core', meaning: 'server CPU since the previous sample, summed like `rssBytes`' },
    {
      name: 'cpuTimeMs',
      unit: 'ms',
      meaning: 'CPU time (user + system) the sampled processes used since each started, summed; empty in the totals of `--nodes` (see `cluster-samples.csv`)',
    },
    { name: 'processes', unit: 'count', meaning: "processes summed in the row: 1 for bench's own server, the tree of a `--server-cmd` or `--server-pid` server" },
    {
      name: 'phase',
      unit: '',
      meaning:
        "the run's phase when the sample was taken: `baseline` (after listening, before the workers start), `start-workers`, `ramp`, `hold`, `storm` (`--restart-server-at`: from the kill until every client is back; these samples are not steady), `close`",
    },
  ],
};

export const CHURN_CSV: CsvFile<ChurnCsvRow> = {
  name: 'churn.csv',
  table: 'churn',
  written: 'only with `--churn`, in the order of time; workers report each arrival once it succeeded or failed',
  holds: 'one row per new client that took the place of one that left',
  columns: [
    { name: 'client', unit: 'id', meaning: "the new client's id: after the run's `--clients`, so it never repeats one of `connections.csv`" },
    { name: 'replaced', unit: 'id', meaning: 'the client that left to give it its place; empty where that place was empty (an earlier arrival had failed)' },
    { name: 'worker', unit: 'index', meaning: 'as in `connections.csv`' },
    { name: 'atMs', unit: 'ms', meaning: 'when the leave and the arrival began, after the hold began' },
    { name: 'connectMs', unit: 'ms', meaning: 'as in `connections.csv`; empty when it failed' },
    { name: 'firstMessageMs', unit: 'ms', meaning: 'as in `connections.csv`; empty when it failed' },
    { name: 'error', unit: '', meaning: 'as in `connections.csv`; empty on success (`interrupted`: still connecting when the run closed)' },
  ],
};

export const HEAP_SNAPSHOT: RunFolderFile = {
  name: 'heap-1.heapsnapshot, heap-2.heapsnapshot',
  written: 'only with `--heap-snapshots`: the first a quarter into the hold, the second at its end',
  holds: "the server's V8 heap (`v8.writeHeapSnapshot`), for Chrome DevTools' Memory tab; `summary.heapGrowth` is their comparison. Large: about twice the heap",
};

export const RECONNECTS_CSV: CsvFile<ReconnectCsvRow> = {
  name: 'reconnects.csv',
  table: 'reconnects',
  written: "only when clients reconnect (`--restart-server-at` or a `--reconnect-*` flag), sorted by client id; each worker reports its clients' rows as the run closes them",
  holds: 'one row per client that connected',
  columns: [
    { name: 'client', unit: 'id', meaning: 'as in `connections.csv`' },
    { name: 'worker', unit: 'index', meaning: 'as in `connections.csv`' },
    { name: 'drops', unit: 'count', meaning: 'times its connection dropped before the run closed it (0: never)' },
    {
      name: 'attempts',
      unit: 'count',
      meaning: "reconnection attempts over all its drops (Socket.IO: the Manager's `reconnect_attempt` events; ws, sockjs: the drivers' own attempts)",
    },
    { name: 'firstDropMs', unit: 'ms', meaning: 'its first drop, after the hold began (the time `--restart-server-at` counts from)' },
    { name: 'lastBackMs', unit: 'ms', meaning: "its last reconnection's open event, after the hold began; empty when it never came back" },
    {
      name: 'timeBackMs',
      unit: 'ms',
      meaning: "from the server's kill (without `--restart-server-at`: from its first drop) until `lastBackMs`; empty when it was not open at close",
    },
    { name: 'openAtClose', unit: 'true/false', meaning: 'open when the run closed it: false for a client that dropped and never came back' },
  ],
};

export const BROADCAST_CSV: CsvFile<BroadcastCsvRow> = {
  name: 'broadcast.csv',
  table: 'broadcast',
  written:
    '`--mode broadcast` only: one row per wall-clock second, from the second of the first publish to that of the last delivery; a second in which nothing happened is a row of zeros',
  holds: 'deliveries per second',
  columns: [
    { name: 'second', unit: 's', meaning: 'seconds since the first row' },
    { name: 'unixSecond', unit: 's', meaning: "the same second as Unix time (the load generator's clock)" },
    { name: 'published', unit: 'count', meaning: 'room messages the publishers sent in that second (by intended send time)' },
    { name: 'delivered', unit: 'count', meaning: 'room messages members received in that second, duplicates excluded' },
    {
      name: 'expectedOfPublished',
      unit: 'count',
      meaning: "for the messages published in that second: published per room x the room's members, summed over rooms",
    },
    {
      name: 'deliveredOfPublished',
      unit: 'count',
      meaning:
        'of the messages published in that second, deliveries at any time before the run ended, duplicates excluded (whole: equal to `expectedOfPublished`)',
    },
    { name: 'lateOfPublished', unit: 'count', meaning: 'of those, delivered more than 1 s after their send time' },
    { name: 'duplicatesOfPublished', unit: 'count', meaning: 'deliveries of a message published in that second that a member had already received' },
    {
      name: 'crossNodeOfPublished',
      unit: 'count',
      meaning:
        "with `--lb none` (each client's node known: client mod nodes), deliveries to a member on another node than the publisher's; empty behind a load balancer",
    },
  ],
};

export const CLUSTER_SAMPLES_CSV: CsvFile<ComponentSampleRow> = {
  name: 'cluster-samples.csv',
  table: 'cluster-samples',
  written: '`--nodes` 2 or more: one row per component per sample',
  holds: 'each node, the load balancer and the broker (or the node:cluster primary) over time',
  columns: [
    { name: 'tMs', unit: 'ms', meaning: 'since the topology was up (the clock of `samples.csv`)' },
    {
      name: 'component',
      unit: '',
      meaning: "`node:0`, `node:1`, ..., `lb`, and the broker: `redis`, `postgres`, `nats`, `rabbitmq`, or `primary` (the cluster adapter's node:cluster primary)",
    },
    { name: 'pid', unit: '', meaning: "the component's process (nginx's master; after a restart, the new one)" },
    {
      name: 'processes',
      unit: 'count',
      meaning: "processes summed: the load balancer's and the broker's whole process group and the leader's descendants (nginx master and workers, PostgreSQL's backends); the primary alone",
    },
    { name: 'rssBytes', unit: 'bytes', meaning: 'resident set size, summed over `processes`' },
    { name: 'cpuPercent', unit: '% of one core', meaning: 'CPU since the previous sample, summed over `processes`' },
    { name: 'connections', unit: 'count', meaning: 'nodes only: connections the node reported' },
    { name: 'heapUsedBytes', unit: 'bytes', meaning: 'nodes only: V8 heap in use' },
    { name: 'phase', unit: '', meaning: 'as in `samples.csv`' },
  ],
};

export const SERVER_PROCESSES_CSV: CsvFile<ServerProcessRow> = {
  name: 'server-processes.csv',
  table: 'server-processes',
  written: '`--server-cmd` or `--server-pid`: one row per process of the server\'s tree per sample',
  holds: "each process of the user's server over time (an `npm start`'s node, a `node:cluster` primary and its workers)",
  columns: [
    { name: 'tMs', unit: 'ms', meaning: 'the clock of `samples.csv`' },
    { name: 'pid', unit: '', meaning: 'the process' },
    { name: 'ppid', unit: '', meaning: 'its parent (the tree: the command bench started is the root)' },
    { name: 'command', unit: '', meaning: "its executable's name: argv[0] without its folder (`node`, `sh`, `npm`)" },
    { name: 'rssBytes', unit: 'bytes', meaning: 'its resident set size' },
    { name: 'cpuPercent', unit: '% of one core', meaning: 'its CPU since the previous sample' },
    { name: 'cpuTimeMs', unit: 'ms', meaning: 'its CPU time (user + system) since it started' },
    { name: 'phase', unit: '', meaning: 'as in `samples.csv`' },
  ],
};

export const SERVER_LOG: RunFolderFile = {
  name: 'server.log',
  written: '`--server-cmd`: from the start of the command',
  holds: "the command's stdout and stderr, as it wrote them; an error that names the server quotes its last lines",
};

export const STEADY_HISTOGRAMS_JSON: RunFolderFile = {
  name: 'histograms.json',
  written: 'with steady traffic (`--messages-per-second`)',
  holds:
    "`roundTripMicros` and `sendLagMicros`, each the run's merged HdrHistogram (microseconds, 1 µs to one hour, 3 significant digits) in its compressed base64 encoding: what `bench merge` adds exactly across shards",
};

export const ROUND_TRIP_HGRM: RunFolderFile = {
  name: 'round-trip.hgrm',
  written: 'with steady traffic, when an echo came back',
  holds: "the merged round-trip histogram (ms) in HdrHistogram's percentile text form",
};

export const FAN_OUT_HGRM: RunFolderFile = {
  name: 'fan-out.hgrm',
  written: '`--mode broadcast`, when a room message was delivered',
  holds: "the merged fan-out histogram (ms) in HdrHistogram's percentile text form",
};

export const CA_PEM: RunFolderFile = {
  name: 'ca.pem',
  written: '`--tls` only, before the server starts',
  holds:
    "the certificate (PEM) of the CA made for the run, which signed the server's certificate and which the run's clients trust; other clients can be given it (`--ca`). Its key is not kept",
};

export const LB_TLS_CERT_PEM: RunFolderFile = {
  name: 'lb-tls-cert.pem',
  written: '`--tls` with `--nodes` and `--lb nginx`, mode 0600, for nginx to read at start; removed when the run stops nginx',
  holds: "the server certificate (PEM) that nginx presents; TLS ends there and the nodes behind it speak plain HTTP",
};

export const LB_TLS_KEY_PEM: RunFolderFile = {
  name: 'lb-tls-key.pem',
  written: 'as `lb-tls-cert.pem`',
  holds: "that certificate's private key (PEM)",
};

export const LB_TLS_HAPROXY_PEM: RunFolderFile = {
  name: 'lb-tls.pem',
  written: '`--tls` with `--nodes` and `--lb haproxy`, mode 0600; removed when the run stops HAProxy',
  holds: 'the server certificate and its private key in one PEM file, as `bind ... ssl crt` reads them',
};

export const STEPS_CSV: CsvFile<StepCsvRow> = {
  name: 'steps.csv',
  table: 'steps',
  written: '`--scenario` only, as the run ends',
  holds: "one row per step figure of the scenario, in the file's order; the same figures as run.json's `summary.steps`",
  columns: [
    { name: 'step', unit: '', meaning: "the step's name (its `name`, or the one bench gave it: the event for an emit with ack, `expect-<event>`, `on-<event>`)" },
    { name: 'kind', unit: '', meaning: '`emit`, `send`, `expect` or `on`' },
    { name: 'started', unit: 'count', meaning: 'emits and sends made, expects begun; for `on`, pushes received' },
    { name: 'completed', unit: 'count', meaning: 'acks and matching replies received in time; for `on`, pushes received' },
    { name: 'timeouts', unit: 'count', meaning: 'waits (ack, expect) that ran past their timeout' },
    { name: 'failures', unit: 'count', meaning: 'acks whose first argument carried an `error` field' },
    { name: 'disconnects', unit: 'count', meaning: 'waits cut short by the server closing the connection' },
    { name: 'unexpected', unit: 'count', meaning: 'messages that came while the step waited and matched neither it nor an `on` step' },
    { name: 'expected', unit: 'count', meaning: "an `on` step with `fanOut`: the pushes its room's sends should have brought; empty otherwise" },
    { name: 'missing', unit: 'count', meaning: '`expected` minus the pushes received, at least 0; empty without `fanOut`' },
    {
      name: 'p50Ms',
      unit: 'ms',
      meaning:
        'median latency: emit to ack, the step before to the matching reply, or a push\'s `timestamp` field to its arrival; from the merged HDR histogram; empty when nothing was timed',
    },
    { name: 'p90Ms', unit: 'ms', meaning: 'as `p50Ms`, 90th percentile' },
    { name: 'p99Ms', unit: 'ms', meaning: 'as `p50Ms`, 99th percentile' },
    { name: 'p999Ms', unit: 'ms', meaning: 'as `p50Ms`, 99.9th percentile' },
    { name: 'maxMs', unit: 'ms', meaning: 'as `p50Ms`, the largest' },
  ],
};

export const SCENARIO_CLIENTS_CSV: CsvFile<ScenarioClientRow> = {
  name: 'scenario-clients.csv',
  table: 'scenario-clients',
  written: '`--scenario` only, sorted by client id; each worker reports its clients as the run closes them',
  holds: 'one row per client that connected: its group, and what went wrong for it',
  columns: [
    { name: 'client', unit: 'id', meaning: 'as in `connections.csv`' },
    { name: 'worker', unit: 'index', meaning: 'as in `connections.csv`' },
    { name: 'group', unit: '', meaning: "the client's group (`all` when the scenario has none)" },
    { name: 'finished', unit: 'true/false', meaning: 'it ran every one of its steps' },
    { name: 'timeouts', unit: 'count', meaning: 'its waits that timed out' },
    { name: 'failures', unit: 'count', meaning: 'its acks that carried an `error`' },
    { name: 'unexpected', unit: 'count', meaning: 'messages that came when no step waited for them and no `on` step took them' },
    { name: 'end', unit: '', meaning: '`run` (the run closed it), `left` (a leave phase), `server` (the server closed it: counted in `dropped` too)' },
  ],
};

export const CLIENTS_TIMELINE_CSV: CsvFile<ClientsTimelineRow> = {
  name: 'clients-timeline.csv',
  table: 'clients-timeline',
  written: '`--scenario` only: one row per second from the start of the ramp, as the workers report progress',
  holds: "the run's clients over time, to check the arrival phases against",
  columns: [
    { name: 'second', unit: 's', meaning: 'whole seconds since the ramp began' },
    { name: 'arrivalPhase', unit: '', meaning: 'the arrival phase that second falls in; empty without phases, and after the last phase ended' },
    { name: 'runPhase', unit: '', meaning: '`ramp`, `hold` or `close`' },
    { name: 'opened', unit: 'count', meaning: 'clients opened so far' },
    { name: 'connected', unit: 'count', meaning: 'clients connected now: succeeded, and not dropped, left or reconnecting' },
    { name: 'failed', unit: 'count', meaning: 'clients that failed to connect so far' },
    { name: 'left', unit: 'count', meaning: 'clients that left in a leave phase so far' },
    { name: 'dropped', unit: 'count', meaning: 'clients whose connection dropped so far' },
  ],
};

export const STEP_HISTOGRAMS_JSON: RunFolderFile = {
  name: 'step-histograms.json',
  written: '`--scenario` only, as the run ends',
  holds:
    "`steps`: each figure's counters and its merged HdrHistogram (microseconds, compressed base64); `fanOuts`: each fan-out's rooms with their members and sends: what `bench merge` adds exactly across shards",
};

/** Every file a run folder can hold that bench itself names, in the order the docs list them. */
export const RUN_FOLDER_FILES: readonly RunFolderFile[] = [
  RUN_JSON,
  CONNECTIONS_CSV,
  SAMPLES_CSV,
  STEADY_HISTOGRAMS_JSON,
  ROUND_TRIP_HGRM,
  RECONNECTS_CSV,
  CHURN_CSV,
  HEAP_SNAPSHOT,
  BROADCAST_CSV,
  FAN_OUT_HGRM,
  CLUSTER_SAMPLES_CSV,
  SERVER_PROCESSES_CSV,
  SERVER_LOG,
  STEPS_CSV,
  STEP_HISTOGRAMS_JSON,
  SCENARIO_CLIENTS_CSV,
  CLIENTS_TIMELINE_CSV,
  CA_PEM,
  LB_TLS_CERT_PEM,
  LB_TLS_KEY_PEM,
  LB_TLS_HAPROXY_PEM,
];

/** The CSV files, whose columns the docs list in a table each. */
export const RUN_FOLDER_CSV_FILES: readonly CsvFileDoc[] = [
  CONNECTIONS_CSV,
  SAMPLES_CSV,
  RECONNECTS_CSV,
  CHURN_CSV,
  BROADCAST_CSV,
  CLUSTER_SAMPLES_CSV,
  SERVER_PROCESSES_CSV,
  STEPS_CSV,
  SCENARIO_CLIENTS_CSV,
  CLIENTS_TIMELINE_CSV,
];
