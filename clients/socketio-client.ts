/** Socket.IO client driver: event "message" with one string argument. */
import { io } from 'socket.io-client';
import { errorCode, type ClientDriver } from './client-driver.js';
import type { ClientEndCode } from '../protocol/messages.js';

export const socketioClientDriver: ClientDriver = {
  connect(url, options, events) {
    const socket = io(url, {
      transports: options.socketioTransports,
      upgrade: options.socketioTransports.includes('websocket'),
      // Without forceNew every client to one URL would share one engine.io connection.
      forceNew: true,
      reconnection: false,
      timeout: options.connectTimeoutMs,
      perMessageDeflate: options.perMessageDeflate ? { threshold: 1024 } : false,
      localAddress: options.localAddress,
    } as Parameters<typeof io>[1]);
    let ended = false;
    const end = (code: ClientEndCode): void => {
      if (ended) return;
      ended = true;
      events.onEnd(code);
    };
    socket.on('connect', () => events.onOpen());
    socket.on('message', (data: unknown) => {
      if (typeof data === 'string') events.onMessage(data);
    });
    socket.on('connect_error', (error) => end(errorCode(error, 'connect-error')));
    socket.on('disconnect', () => end('closed'));
    return {
      send: (data) => {
        socket.emit('message', data);
      },
      close: () => {
        const wasConnected = socket.connected;
        socket.disconnect();
        // A socket closed while still connecting emits neither disconnect nor connect_error.
        if (!wasConnected) end('closed');
      },
    };
  },
};
