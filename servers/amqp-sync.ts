/**
 * Socket.IO nodes synced through RabbitMQ: ms-socket.io-adapter-amqp (the AMQP adapter for
 * Socket.IO 4 that is still kept up) over @microfleet/transport-amqp. Each node binds a queue of its
 * own to one direct exchange, with a routing key per room: every socket's own room is a binding, so
 * each connect costs the broker a round trip. RabbitMQ keeps no messages for a node cut off from it.
 */
import { loadPackage } from '../protocol/load-library.js';
import { PROJECT_ROOT } from '../bench/project-root.js';
import type { ServerSync } from '../protocol/messages.js';
import {
  BROKER_CONNECT_TIMEOUT_MS,
  brokerUrlOf,
  closeWithinBound,
  isConnectionError,
  surviveLostBrokerConnections,
  withinTime,
  type SyncLink,
} from './sync-types.js';

/** The adapter's transport: an AMQP connection, a queue of this node's, and the exchange. */
interface AmqpTransport {
  exchangeCreated: boolean;
  once(event: symbol, listener: () => void): unknown;
  close(): Promise<void>;
}
type TransportClass = new (options: Record<string, unknown>) => AmqpTransport;

/** The adapter says so once its queue is bound to the exchange: broadcasts go out from then on. */
const EXCHANGE_CREATED = Symbol.for('socket.io:adapter:exchange-created');

/**
 * @microfleet/transport-amqp and amqp-coffee read the package.json of the working folder as they
 * load (to name the client to RabbitMQ), and throw where it has none: they load from bench's own.
 */
async function loadFromProjectRoot<T>(load: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    return await load();
  } finally {
    process.chdir(cwd);
  }
}

/**
 * A lost AMQP connection as amqp-coffee 2.8 reports it. When RabbitMQ comes back, its channel
 * re-establishment rejects with AMQPConnectionResetError ('Channel Opening or Reseting') where no
 * one catches it, which ended a node in 2 of 2 RabbitMQ restarts.
 */
function isLostAmqpConnection(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === 'CONNECTION_RESET' || isConnectionError(error);
}

/** Builds the adapter; it connects once the HTTP server listens, and ready() waits for that. */
export async function connectAmqpSync(sync: ServerSync): Promise<SyncLink> {
  const url = new URL(brokerUrlOf(sync));
  surviveLostBrokerConnections('rabbitmq', isLostAmqpConnection);
  const adapter = await loadFromProjectRoot(() => loadPackage('ms-socket.io-adapter-amqp'));
  const Transport = adapter.value.Transport as TransportClass;
  const AdapterFactory = adapter.value.AdapterFactory as (transport: AmqpTransport) => unknown;
  const transport = new Transport({
    exchange: 'socket.io',
    // Its default logs every message to stdout unless NODE_ENV is production.
    debug: false,
    connection: {
      host: url.hostname,
      port: Number(url.port),
      login: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      vhost: '/',
      // Back after an outage, as the other brokers' clients are: amqp-coffee retries every half second.
      reconnect: true,
      reconnectDelayTime: 500,
    },
  });
  return {
    socketioAdapter: AdapterFactory(transport),
    relay: null,
    libraries: adapter.libraries,
    ready: () =>
      transport.exchangeCreated
        ? Promise.resolve()
        : withinTime(
            new Promise<void>((resolve) => transport.once(EXCHANGE_CREATED, resolve)),
            BROKER_CONNECT_TIMEOUT_MS,
            `RabbitMQ at ${url.host} did not take this node's queue within ${BROKER_CONNECT_TIMEOUT_MS / 1000} s; start rabbitmq-server or check the URL`,
          ),
    close: () => closeWithinBound(transport.close()),
  };
}
