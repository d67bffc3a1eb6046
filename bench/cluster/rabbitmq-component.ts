/**
 * RabbitMQ as a component: one Erlang node of its own, its folders (database, logs, cookie) in the
 * run folder's rabbitmq/, AMQP on a loopback port, Erlang distribution on loopback too, and an epmd
 * of its own on a port of the run's, started in the same process group so that it stops with the
 * broker: RabbitMQ would otherwise start a daemon epmd on port 4369 that outlives the run. Debian's
 * /usr/sbin/rabbitmq-server switches to the rabbitmq user and uses /var/lib/rabbitmq, so bench runs
 * the start script under /usr/lib/rabbitmq/bin instead.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findBinary, requireBinaries, type ComponentSpec } from './external-process.js';
import { amqpAnswersHeader } from './probes.js';

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const FOLDER = 'rabbitmq';
/** An Erlang node with its database starts in about 5 s here; a loaded machine takes longer. */
const START_TIMEOUT_MS = 60_000;

/** The ports of one RabbitMQ: AMQP, Erlang distribution, and its epmd. */
export interface RabbitmqPorts {
  amqp: number;
  distribution: number;
  epmd: number;
}

/** rabbitmq.conf: AMQP on loopback, the guest user allowed from it (its default), logs to the console (rabbitmq.log). */
export function rabbitmqConfig(ports: RabbitmqPorts): string {
  return [
    `listeners.tcp.default = 127.0.0.1:${ports.amqp}`,
    'loopback_users.guest = true',
    'log.console = true',
    'log.console.level = warning',
    'log.file = false',
    '',
  ].join('\n');
}

/** The environment RabbitMQ's start script reads: every folder and port of this run's node. */
function rabbitmqEnv(base: string, configPath: string, ports: RabbitmqPorts): Record<string, string> {
  return {
    HOME: base,
    RABBITMQ_CONF_ENV_FILE: path.join(base, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: `bench${ports.amqp}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(ports.amqp),
    RABBITMQ_DIST_PORT: String(ports.distribution),
    RABBITMQ_CONFIG_FILE: configPath,
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(base, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(base, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(base, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(base, 'log'),
    RABBITMQ_PID_FILE: path.join(base, 'rabbit.pid'),
    ERL_EPMD_PORT: String(ports.epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    // Without it the distribution port listens on every interface.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
}

/** What a RabbitMQ run needs installed. */
export const RABBITMQ_BINARIES = [
  { binary: 'epmd', aptPackage: 'rabbitmq-server' },
  { binary: 'rabbitmq-server', aptPackage: 'rabbitmq-server' },
];

/** The spec of a RabbitMQ on `ports`; its output goes to rabbitmq.log in the run folder. */
export function rabbitmqComponent(ports: RabbitmqPorts, runDir: string): ComponentSpec {
  const base = path.join(path.resolve(runDir), FOLDER);
  const configPath = path.join(path.resolve(runDir), 'rabbitmq.conf');
  return {
    name: 'rabbitmq',
    binary: 'sh',
    aptPackage: 'rabbitmq-server',
    configFile: 'rabbitmq.conf',
    config: rabbitmqConfig(ports),
    // epmd in the background, then, once it answers (else erl would start a daemon epmd of its own,
    // which leaves the group), the start script in the shell's place: both in the group bench leads.
    args: () => [
      '-c',
      'epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 & tries=0; until epmd -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1; do tries=$((tries + 1)); [ "$tries" -gt 200 ] && exit 1; sleep 0.05; done; exec "$0"',
      RABBITMQ_SERVER,
    ],
    env: rabbitmqEnv(base, configPath, ports),
    port: ports.amqp,
    startTimeoutMs: START_TIMEOUT_MS,
    prepare: () => {
      if (findBinary('epmd') === null) requireBinaries(RABBITMQ_BINARIES, 'the rabbitmq component');
      mkdirSync(base, { recursive: true });
      // No plugins (the management plugin alone would double its start), and no env file of the machine's.
      writeFileSync(path.join(base, 'enabled_plugins'), '[].\n');
      writeFileSync(path.join(base, 'rabbitmq-env.conf'), '');
    },
    answers: amqpAnswersHeader,
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** The URL parts the nodes connect with: RabbitMQ's guest user, allowed from loopback only. */
export function amqpUrl(port: number): string {
  return `amqp://guest:guest@127.0.0.1:${port}/`;
}
