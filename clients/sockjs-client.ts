/** SockJS client driver (sockjs-client running in Node). One send/message string per message. */
import SockJS from 'sockjs-client';
import type { ClientDriver } from './client-driver.js';

export const sockjsClientDriver: ClientDriver = {
  connect(url, options, events) {
    const socket = new SockJS(url, undefined, {
      transports: options.sockjsTransports,
      timeout: options.connectTimeoutMs,
    });
    let ended = false;
    socket.onopen = () => events.onOpen();
    socket.onmessage = (event: { data: unknown }) => {
      if (typeof event.data === 'string') events.onMessage(event.data);
    };
    socket.onclose = (event: { code: number; reason: string }) => {
      if (ended) return;
      ended = true;
      // 1000 is a normal close; SockJS reports connection failures as 1002 or 2000 with a reason.
      events.onEnd(event.code === 1000 ? 'closed' : `sockjs-${event.code}`);
    };
    return {
      send: (data) => socket.send(data),
      close: () => socket.close(),
    };
  },
};
