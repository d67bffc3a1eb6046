/** SockJS client driver (sockjs-client running in Node). One send/message string per message. */
import type SockJS from 'sockjs-client';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { endOnce, type ClientDriver } from './client-driver.js';

type SockJSClass = typeof SockJS;

/** The driver on one sockjs-client version; 1.4.0 and 1.6.1 share this API. */
function sockjsClientDriver(Socket: SockJSClass): ClientDriver {
  return {
    connect(url, options, events) {
      const socket = new Socket(url, undefined, {
        transports: options.sockjsTransports,
        timeout: options.connectTimeoutMs,
      });
      const end = endOnce(events);
      socket.onopen = () => events.onOpen();
      socket.onmessage = (event: { data: unknown }) => {
        if (typeof event.data === 'string') events.onMessage(event.data);
      };
      // 1000 is a normal close; SockJS reports connection failures as 1002 or 2000 with a reason.
      socket.onclose = (event: { code: number; reason: string }) => end(event.code === 1000 ? 'closed' : `sockjs-${event.code}`);
      return {
        send: (data) => socket.send(data),
        close: () => socket.close(),
      };
    },
  };
}

/** Loads the stack's sockjs-client. */
export async function loadSockjsClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'sockjs-client');
  return { value: sockjsClientDriver(value as SockJSClass), libraries };
}
