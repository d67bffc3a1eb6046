/** `bench run`: one benchmark run of one transport. Flags and help here; what a run does is in run-action.ts, loaded only when one starts. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { deflateTransports, SOCKETIO_TRANSPORT_CHOICES, SOCKJS_TRANSPORT_CHOICES, transportChoices } from '../../protocol/transports.js';
import { RUN_DEFAULTS } from '../config/run-config.js';
import { USER_SERVER_DEFAULTS } from '../config/user-server-flags.js';
import { BROADCAST_DEFAULTS } from '../config/broadcast-flags.js';
import { SOAK_DEFAULTS } from '../config/soak-flags.js';
import { SHARD_COUNT_ENV } from '../config/shard-config.js';
import { DEFAULT_STACK, STACK_CACHE_HELP, stackChoices } from '../../protocol/stacks.js';
import { DEFAULT_CLIENT_KIND } from '../../protocol/client-kinds.js';
import { PROFILE_NAMES, PROFILES } from '../config/profiles.js';
import { HEARTBEAT_DEFAULTS } from '../config/storm-idle-flags.js';
import { RECONNECT_DEFAULTS } from '../../protocol/reconnect-settings.js';
import { RUN_MODES, type RunMode } from '../../protocol/messages.js';
import { adapterChoices, defaultAdapter } from '../../protocol/sync-adapters.js';
import { MAX_NAMESPACES } from '../../protocol/namespaces.js';
import { DEFAULT_LB, LB_CHOICES } from '../cluster/cluster-config.js';
import type { CommandOutcome } from './outcome.js';
import { addHandshakeFlags } from './handshake-options.js';
import { DEFAULT_METRICS_HOST } from '../config/metrics-flags.js';
import type { RunCommandFlags } from './run-action.js';
import { addCiCheckFlags } from './ci-check-options.js';

function profileHelp(): string {
  return PROFILE_NAMES.map((name) => `${name} (${PROFILES[name].description})`).join('; ');
}

/** What each run mode does, as --mode's help says it. */
const MODE_HELP: Readonly<Record<RunMode, string>> = {
  echo: 'time a sent message to its echo',
  push: 'time open to a message the server pushes',
  broadcast: 'each client joins a room (its first message is the join), publishers send room messages during the hold, fan-out measured (method.md, Broadcast)',
  idle: "after the first echo no traffic at all, only heartbeats, and the server's idle cost is reported",
  connect: 'no message at all: each client opens, stays open through the hold and closes, sending only what its library sends; works against any server',
};

/** A flag's choices as its help lists them: "a, b or c". */
function choiceList(choices: readonly string[]): string {
  return `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

/** The load balancers --lb can put in front of the nodes, without none. */
function loadBalancers(): string[] {
  return LB_CHOICES.filter((lb) => lb !== 'none');
}

function modeHelp(): string {
  return RUN_MODES.map((mode) => `${mode}: ${MODE_HELP[mode]}`).join('; ');
}

/** Flags common to every command that runs clients (run, and later sweep). */
export function addRunFlags(command: Command): Command {
  command
    .option('-t, --transport <name>', `${transportChoices()} (required)`)
    .option('-c, --clients <n>', 'number of clients to open (required)')
    .option(
      '--stack <name>',
      `library versions the server and clients load: ${stackChoices()}; 2020 is socket.io 2.3.0, ws 7.2.1, sockjs 0.3.20 and their clients; specs are installed with npm into the stack cache once (default: ${DEFAULT_STACK})`,
    )
    .option('--stack-cache <dir>', STACK_CACHE_HELP)
    .option(
      '--client <kind>',
      `how the workers speak to the server: library (each transport's client library: socket.io-client, sockjs-client, ws; what the study measured and what an app's clients cost) or wire (bench speaks Engine.IO/Socket.IO and SockJS itself over one ws WebSocket per connection, websocket transport only, so the load generator costs less; ws is the wire either way) (default: ${DEFAULT_CLIENT_KIND})`,
    )
    .option('--profile <name>', `a named set of flags; flags given explicitly win: ${profileHelp()} (default: none)`)
    .option(
      '-w, --workers <n>',
      `client worker processes (default: from the work: the fewest the rate, clients and steady traffic need, as run.json's workersReason says; without --rate one per CPU, ${availableParallelism()} here)`,
    )
    .option('--concurrency <n>', `handshakes in flight at once, over all workers (default: ${RUN_DEFAULTS.concurrency})`)
    .option('--rate <per-second>', 'connections opened per second, over all workers (default: unlimited)')
    .option('--hold <seconds>', `keep every connection open this long after the ramp (default: ${RUN_DEFAULTS.holdSeconds})`)
    .option('--connect-timeout <seconds>', `per client, for the open and again for the first message (default: ${RUN_DEFAULTS.connectTimeoutSeconds})`)
    .option('--sample-interval <ms>', `server RSS/CPU sampling period (default: ${RUN_DEFAULTS.sampleIntervalMs})`)
    .option(
      '--target <url>',
      'run the clients against a server already running at this URL; no server is started, and memory is not measured unless --server-pid names its process',
    )
    .option(
      '--server-cmd <command>',
      "measure your own server: bench runs the command through sh -c in its own process group with PORT and HOST set (a free loopback port, or --server-url's), waits until it answers a handshake (--server-start-timeout), samples RSS and CPU of its whole process tree, keeps its output in server.log and stops it with SIGTERM, then SIGKILL (default: none, bench's own echo server)",
    )
    .option('--server-url <url>', "with --server-cmd: where the command listens, if not on HOST:PORT (default: the transport's URL on HOST:PORT)")
    .option(
      '--server-stop-grace <seconds>',
      `with --server-cmd: how long the command may take to exit after SIGTERM before the rest of its tree is killed (default: ${USER_SERVER_DEFAULTS.stopGraceSeconds})`,
    )
    .option('--server-pid <pid>', 'with --target: sample this running process and its tree as the server (RSS, CPU); bench never stops it (default: none)')
    .option('--host <address>', `address our server binds (default: ${RUN_DEFAULTS.host})`)
    .option(
      '--nodes <n>',
      "server processes; from 2, each on its own port behind --lb, synced through the --adapter's broker that bench starts (redis-server, PostgreSQL, nats-server or RabbitMQ; none for the cluster adapter) (default: 1, one server, no broker, no load balancer)",
    )
    .option(
      '--lb <name>',
      `with --nodes 2 or more: ${loadBalancers().join(', ')}, or none (each client connects straight to node (client id mod nodes)) (default: ${DEFAULT_LB})`,
    )
    .option(
      '--adapter <name>',
      `socketio with --nodes 2 or more: ${adapterChoices('socketio')}; ws and sockjs always use bench's relay over Redis pub/sub (default: ${defaultAdapter('socketio')})`,
    )
    .option(
      '--no-sticky',
      `with --nodes and --lb ${loadBalancers().join(' or ')}: route each request round-robin instead of by the client's source address, to show what long-polling does without stickiness (default: sticky)`,
    )
    .option(
      '--namespaces <k>',
      `socketio: each client joins the namespaces /ns-0 to /ns-<k-1>, which bench's server serves; a join is made in each, other messages go round them (1 to ${MAX_NAMESPACES}; default: none, the one namespace /)`,
    )
    .option(
      '--namespace-connections <how>',
      "with --namespaces: one (every namespace multiplexed over the client's one connection, as Socket.IO's Manager does) or per-namespace (a connection each, to weigh what multiplexing saves) (default: one)",
    )
    .option(
      '--tls',
      'serve every transport over TLS (wss://, https://) with a certificate made for the run, signed by a CA written to the run folder (ca.pem) that the clients trust; with --nodes and --lb nginx or haproxy TLS ends at the load balancer (default: off)',
    )
    .option('--ca <pem-file>', 'clients trust this CA certificate (PEM) for a wss:// or https:// --target (default: the system roots)')
    .option('--insecure', 'clients accept any certificate of a wss:// or https:// --target, or of --tls (default: off, certificates are checked)')
    .option('--agent <url>', 'run the server on a target box through its bench agent (http://box:port); memory is measured there')
    .option(
      '--agent-server <name>',
      'with --agent: start the command the agent declared under this name (bench agent --server-cmd name="...") instead of an echo server, sampled there as a process tree (default: none, an echo server)',
    )
    .option('--token-file <file>', "the agent's token, a copy of the box's token file (or set BENCH_AGENT_TOKEN)")
    .option('--socketio-transports <list>', `socketio only: ${choiceList(SOCKETIO_TRANSPORT_CHOICES)} (default: ${RUN_DEFAULTS.socketioTransports})`)
    .option(
      '--sockjs-transports <name>',
      `sockjs only: ${choiceList(SOCKJS_TRANSPORT_CHOICES)} (the client's default list) (default: ${RUN_DEFAULTS.sockjsTransports})`,
    )
    .option(
      '--per-message-deflate [mode]',
      `per-message deflate on server and clients (${deflateTransports().join(', ')}): on (the flag alone), off, or library (bench passes no deflate option, so each library runs at its own default, as an app that sets nothing does: socket.io 2.3's server deflates, 2.4 and later do not) (default: off)`,
    )
    .option('--no-per-message-deflate', 'keep per-message deflate off even where --profile turns it on (default: off)')
    .option('--mode <mode>', `${modeHelp()} (default: ${RUN_DEFAULTS.mode})`)
    .option(
      '--scenario <file>',
      "YAML or JSON file of each client's steps with the app's own events (emit with ack, send, expect, on, think, loop, wait), client groups and arrival phases; a figure per step (docs/scenarios.md) (default: none, --mode decides)",
    )
    .option('--rooms <n>', `with --mode broadcast: rooms; client i joins room i mod n (default: ${BROADCAST_DEFAULTS.rooms}, or --clients when fewer)`)
    .option('--publishers <n>', 'with --mode broadcast: clients 0 to n-1 publish, publisher j to room j mod --rooms (default: --rooms, one per room)')
    .option(
      '--publish-rate <per-second>',
      `with --mode broadcast: room messages each publisher sends per second, during the hold (default: ${BROADCAST_DEFAULTS.publishRatePerSecond})`,
    )
    .option('--payload-bytes <n>', `size of the first message and of every steady-traffic message (default: ${RUN_DEFAULTS.payloadBytes})`)
    .option('--messages-per-second <n>', 'steady traffic in the hold: messages each client sends per second (default: 0, none)')
    .option(
      '--duration <seconds>',
      'how long steady traffic lasts; the hold lasts at least this long; with --mode idle, how long the idle hold lasts (default: --hold)',
    )
    .option('--inject-delay-ms <ms>', 'fault injection: the server waits this long before every echo (default: 0)')
    .option('--inject-retain-kb <kib>', 'fault injection: the server holds this much memory per connection (default: 0)')
    .option(
      '--inject-leak-kb <kib>',
      "fault injection, a planted leak: every connection leaves this much memory on the server's V8 heap that is never freed, held by PlantedLeak objects, so a soak's verdict and --heap-snapshots have something to find (default: 0)",
    )
    .option(
      '--churn <share/period>',
      'a soak: during the steady traffic this share of the clients leaves each period and as many new clients arrive (handshake, first message, then steady traffic), keeping --clients open; e.g. 10%/1m or 0.1/60s; new clients are in churn.csv (default: none)',
    )
    .option(
      '--flat-band <percent>',
      `the memory verdict (summary.memoryTrend) calls a series flat when its slope's interval lies within +-this % of its level per hour, and grows when it lies wholly above (default: ${SOAK_DEFAULTS.flatBandPercentPerHour})`,
    )
    .option(
      '--slow-readers <share>',
      "this share of the clients (10% or 0.1) stops reading from its socket as the steady traffic starts and goes on sending, so the echoes to it pile up in the server; summary.slowReaders gives the server memory per slow client, when the server dropped them and the other clients' round trips; websocket transports only (default: none)",
    )
    .option(
      '--heap-snapshots',
      'the server writes a V8 heap snapshot a quarter into the hold and one at its end (heap-1/heap-2.heapsnapshot, about twice the heap each; the server stops while it writes), and summary.heapGrowth names the constructors that grew most and what holds them (default: off)',
    )
    .option('--gc-before-steady', 'run a full GC in the server before the hold, to separate garbage from kept memory (default: off)')
    .option(
      '--saturation-cpu <percent>',
      `a worker using at least this CPU (% of one core, GC threads included) in a sample interval counts as saturated (default: ${RUN_DEFAULTS.saturationCpuPercent})`,
    )
    .option(
      '--saturation-loop-delay <ms>',
      `a worker whose event-loop delay p99 reaches this counts as saturated (default: ${RUN_DEFAULTS.saturationLoopDelayMs})`,
    )
    .option(
      '--source-addresses <list>',
      "local addresses to connect from, e.g. 127.0.0.2,127.0.0.3 (ws, socketio; socketio's long-polling through an http.Agent bound to it) (default: the OS chooses; spread over 127.0.0.x automatically when one address runs out of ports)",
    )
    .option(
      '--server-start-timeout <seconds>',
      `how long the server may take to report listening; with --server-cmd, to answer a handshake (default: ${RUN_DEFAULTS.serverStartTimeoutMs / 1000})`,
    )
    .option('-o, --out <dir>', `folder that receives the run folder (default: ${RUN_DEFAULTS.outDir})`)
    .option('--label <text>', 'a name for this run, shown in summaries and reports');
  return addHandshakeFlags(command);
}

/** Adds the run command. */
export function registerRunCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  const command = addRunFlags(program.command('run').description('start an echo server, open the clients, hold, and write results/<run-id>/'));
  command
    .option(
      '--shard <i/n>',
      `run shard i (from 0) of n: open only its share of the clients (ids i, i+n, ...) against --agent (shard 0 starts the server) or --target; from JOB_COMPLETION_INDEX and ${SHARD_COUNT_ENV} when they are set (default: none, every client)`,
    )
    .option(
      '--restart-server-at <time>',
      'reconnect storm: kill the server (SIGKILL) this long after the hold begins (10s, 1500ms, 2m; a bare number is seconds) and start it again on the same port; clients reconnect; must fall inside --hold, and the hold waits for the storm (default: never)',
    )
    .option(
      '--reconnect-delay <ms>',
      `a client whose connection drops reconnects, waiting this long before its first attempt and twice as long for each further one; 0: retry at once, no back-off; Socket.IO's reconnectionDelay (default: ${RECONNECT_DEFAULTS.delayMs}; reconnection is on only with --restart-server-at, --kill node:i or a --reconnect-* flag)`,
    )
    .option(
      '--reconnect-delay-max <ms>',
      `longest wait between reconnection attempts, Socket.IO's reconnectionDelayMax (default: ${RECONNECT_DEFAULTS.delayMaxMs})`,
    )
    .option(
      '--randomization-factor <0-1>',
      `jitter of each wait, up or down by up to this share, Socket.IO's randomizationFactor (default: ${RECONNECT_DEFAULTS.randomizationFactor})`,
    )
    .option(
      '--ping-interval <ms>',
      `server heartbeat period: Socket.IO pingInterval, a ws ping to every client, SockJS heartbeat_delay (default: ${HEARTBEAT_DEFAULTS.pingIntervalMs} with --mode idle; otherwise each library's own, none for ws)`,
    )
    .option(
      '--ping-timeout <ms>',
      `how long the server waits for a heartbeat's answer before it ends the connection: Socket.IO pingTimeout, ws pong; SockJS has none (default: ${HEARTBEAT_DEFAULTS.pingTimeoutMs} with --mode idle)`,
    )
    .option(
      '--kill <fault>',
      "with --nodes: SIGKILL a component during the hold and optionally restart it on the same port, times from the hold's start: the broker by its name, redis@10s[,restart@20s] (postgres@, nats@, rabbitmq@ with those adapters), or node:1@10s[,restart@20s] (a node kill turns on reconnection: its clients come back through the load balancer); repeatable (default: none)",
      collectRepeated,
    )
    .option(
      '--add-node-at <time>',
      "with --nodes and --lb nginx or haproxy: start one more node this long into the hold and put it in the balancer's pool (node:<nodes>); open connections stay where they are, new and reconnecting ones may go to it (default: none)",
    )
    .option(
      '--drain <node>',
      "with --nodes and --lb nginx or haproxy: node:1@20s takes the node out of the balancer's pool and closes its clients as a server going away does; they reconnect through the balancer (reconnection turns on); the node keeps running, empty; repeatable (default: none)",
      collectRepeated,
    )
    .option(
      '--start-at <time>',
      'begin the ramp at this ISO 8601 time with zone, e.g. 2026-11-29T06:00:00Z, so that shards start together (default: as soon as the workers are ready)',
    )
    .option('--repeat <n>', 'fresh runs of the same cell, summarised by the median and its interval (exact for 2 to 9 runs, bootstrap from 10) (default: 1)')
    .option(
      '--metrics-port <n>',
      'serve live metrics (OpenMetrics text, for Prometheus) at http://<--metrics-host>:<n>/metrics from before the ramp until the files are written; 0: any free port; the URL is printed on stderr; the files stay the record (docs/metrics.md) (default: none)',
    )
    .option('--metrics-host <address>', `with --metrics-port: the address the endpoint binds (default: ${DEFAULT_METRICS_HOST})`)
    .option('--json', 'print the summary object on stdout (with --repeat: resultsDir, runs and repeat)')
    .option('-q, --quiet', 'no progress output')
    .option('--report', 'then write the report (bench report) of what was run into reports/<id>/')
    .option('--baseline <dir>', 'then compare with this baseline (run, repeat or sweep folder); exit 0 no regression, 1 regression, 2 bad input, 4 not judged')
    .option(
      '--threshold <figure=bounds>',
      "with --baseline: a regression threshold, repeatable, as for bench compare (default: compare's defaults)",
      collectRepeated,
    )
    .option('--compare-config <file>', 'with --baseline: thresholds file, as bench compare --config')
    .option('--allow-saturated', 'with --baseline: judge even when the load generator was saturated (default: off)');
  addCiCheckFlags(command).action((flags: RunCommandFlags) =>
    finish(import('./run-action.js').then((action) => (flags.repeat !== undefined ? action.runRepeatedCommand(flags) : action.run(flags)))),
  );
}

function collectRepeated(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
