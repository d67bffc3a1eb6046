/** The three echo servers, driven by the real client libraries over 127.0.0.1, port 0. */
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../../protocol/messages.js';
import { serverUrl, TRANSPORT_NAMES, type TransportName } from '../../../protocol/transports.js';
import { CLIENT_DRIVER_LOADERS } from '../../../clients/index.js';
import { startEchoServer, type RunningEchoServer } from '../../../servers/echo-server.js';
import { echoServerOptions } from '../../helpers/echo-server-options.js';

const running: RunningEchoServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Opens one client, sends `message` at open (if given), resolves with the first message and timings. */
async function exchange(transport: TransportName, url: string, message: string | null): Promise<{ reply: string; elapsedMs: number; close(): void }> {
  const driver = (await CLIENT_DRIVER_LOADERS[transport]('current')).value;
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const connection = driver.connect(
      url,
      { socketioTransports: ['websocket'], sockjsTransports: ['websocket'], perMessageDeflate: false, connectTimeoutMs: 5000, localAddress: undefined },
      {
        onOpen: () => {
          sentAt = performance.now();
          if (message !== null) connection.send(message);
        },
        onMessage: (reply) => resolve({ reply, elapsedMs: performance.now() - sentAt, close: () => connection.close() }),
        onEnd: (code) => reject(new Error(`client ended: ${code}`)),
      },
    );
  });
}

describe.each(TRANSPORT_NAMES)('%s echo server', (transport) => {
  it('echoes a message unchanged and counts the connection', async () => {
    const server = await startEchoServer(echoServerOptions(transport));
    running.push(server);
    const result = await exchange(transport, serverUrl(transport, '127.0.0.1', server.port), 'hello, bench');
    expect(result.reply).toBe('hello, bench');
    expect(server.openConnections()).toBe(1);
    result.close();
    await expect.poll(() => server.openConnections(), { timeout: 10_000 }).toBe(0);
  });

  it('echoes the largest payload bench sends (--payload-bytes up to 1 MiB) unchanged', async () => {
    const server = await startEchoServer(echoServerOptions(transport));
    running.push(server);
    const largest = 'x'.repeat(MAX_PAYLOAD_BYTES);
    const result = await exchange(transport, serverUrl(transport, '127.0.0.1', server.port), largest);
    expect(result.reply.length).toBe(MAX_PAYLOAD_BYTES);
    expect(result.reply === largest).toBe(true);
    result.close();
  });

  it('pushes one message at accept in push mode', async () => {
    const server = await startEchoServer(echoServerOptions(transport, { mode: 'push', payloadBytes: 10 }));
    running.push(server);
    const result = await exchange(transport, serverUrl(transport, '127.0.0.1', server.port), null);
    expect(result.reply).toBe('p'.repeat(10));
    result.close();
  });

  it('holds every echo back by --inject-delay-ms', async () => {
    const server = await startEchoServer(echoServerOptions(transport, { injectDelayMs: 150 }));
    running.push(server);
    const result = await exchange(transport, serverUrl(transport, '127.0.0.1', server.port), 'late');
    expect(result.reply).toBe('late');
    // A lower bound only: the echo cannot come back before the injected delay.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(145);
    result.close();
  });
});
