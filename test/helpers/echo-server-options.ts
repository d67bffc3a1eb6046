/** The options of one of bench's echo servers as the tests start it in-process: loopback, port 0, echo, no faults, no sync. */
import type { ServerOptions } from '../../protocol/messages.js';
import type { TransportName } from '../../protocol/transports.js';

export function echoServerOptions(transport: TransportName, overrides: Partial<ServerOptions> = {}): ServerOptions {
  return {
    transport,
    stack: 'current',
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    mode: 'echo',
    payloadBytes: 32,
    injectDelayMs: 0,
    injectRetainKb: 0,
    sync: null,
    ...overrides,
  };
}
