/** --client: whether the workers drive each transport's client library or bench's wire client, and what the wire client cannot do. */
import { ConfigError } from '../errors.js';
import { parseChoice } from './flag-parsers.js';
import { CLIENT_KINDS, DEFAULT_CLIENT_KIND, type ClientKind } from '../../protocol/client-kinds.js';
import type { TransportName, TransportVariant } from '../../protocol/transports.js';

/**
 * The client kind of a run (default library). The wire client speaks Socket.IO and SockJS over
 * their websocket transport only: a run that asks for long-polling or SockJS's xhr transports
 * needs the library, and says so in one line naming the flag.
 */
export function resolveClientKind(raw: string | undefined, transport: TransportName, variant: TransportVariant): ClientKind {
  const client = raw === undefined ? DEFAULT_CLIENT_KIND : parseChoice('--client', raw, CLIENT_KINDS);
  if (client !== 'wire') return client;
  if (transport === 'socketio' && variant.socketioTransports.join(',') !== 'websocket') {
    throw new ConfigError(
      `--client wire speaks Socket.IO over its websocket transport only; this run's --socketio-transports is ${variant.socketioTransports.join(',')} (a --profile may set it): use --client library, or --socketio-transports websocket`,
    );
  }
  if (transport === 'sockjs' && variant.sockjsTransports.join(',') !== 'websocket') {
    throw new ConfigError(
      `--client wire speaks SockJS over its websocket transport only; this run's --sockjs-transports is ${variant.sockjsTransports.join(',')}: use --client library, or --sockjs-transports websocket`,
    );
  }
  return client;
}
