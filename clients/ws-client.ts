/** Plain WebSocket client driver (ws). One text frame per message. */
import WebSocket from 'ws';
import { errorCode, type ClientDriver } from './client-driver.js';
import type { ClientEndCode } from '../protocol/messages.js';

export const wsClientDriver: ClientDriver = {
  connect(url, options, events) {
    const socket = new WebSocket(url, {
      perMessageDeflate: options.perMessageDeflate,
      localAddress: options.localAddress,
    });
    let ended = false;
    const end = (code: ClientEndCode): void => {
      if (ended) return;
      ended = true;
      events.onEnd(code);
    };
    socket.on('open', () => events.onOpen());
    socket.on('message', (data, isBinary) => {
      if (!isBinary) events.onMessage(data.toString());
    });
    socket.on('error', (error) => end(errorCode(error, 'ws-error')));
    socket.on('close', () => end('closed'));
    return {
      send: (data) => socket.send(data),
      close: () => {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        else socket.close();
      },
    };
  },
};
