/** Plain WebSocket client driver (ws). One text frame per message. */
import type WebSocket from 'ws';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { endOnce, errorCode, type ClientDriver } from './client-driver.js';

type WebSocketClass = typeof WebSocket;

/**
 * The driver on one ws version; 7 and 8 take the same options. ws 7 hands text messages over as
 * strings with no isBinary argument, ws 8 as buffers with isBinary false: both read as text here.
 */
function wsClientDriver(Socket: WebSocketClass): ClientDriver {
  return {
    connect(url, options, events) {
      const socket = new Socket(url, {
        perMessageDeflate: options.perMessageDeflate,
        localAddress: options.localAddress,
      });
      const end = endOnce(events);
      socket.on('open', () => events.onOpen());
      socket.on('message', (data, isBinary) => {
        if (!isBinary) events.onMessage(data.toString());
      });
      socket.on('error', (error) => end(errorCode(error, 'ws-error')));
      socket.on('close', () => end('closed'));
      return {
        send: (data) => socket.send(data),
        close: () => {
          if (socket.readyState === Socket.CONNECTING) socket.terminate();
          else socket.close();
        },
      };
    },
  };
}

/** Loads the stack's ws; its module.exports is the WebSocket class on both versions. */
export async function loadWsClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'ws');
  return { value: wsClientDriver(value as WebSocketClass), libraries };
}
