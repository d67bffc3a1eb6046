/**
 * What every server does with a connection, whatever its transport: echo (optionally late),
 * push in push mode, join rooms and fan room messages out in broadcast mode, hold injected memory,
 * and count open connections. Keeping it here is what makes the three servers do the same work.
 */
import type { ServerOptions } from '../protocol/messages.js';
import { parseJoin, roomOf } from '../protocol/broadcast-payload.js';

/** Sends one message back over the connection in the transport's own framing. */
export type SendFunction = (payload: unknown) => void;

/** The per-connection hooks a transport module calls. */
export interface ConnectionHooks {
  /** A message arrived: echo it unchanged (after the injected delay, if any). */
  receive(payload: unknown): void;
  /** The connection closed: stop pending echoes and free what it held. */
  release(): void;
}

/** The room operations of one connection, as its transport provides them (socket.io's rooms, or a RoomRegistry). */
export interface ConnectionRooms {
  /** Makes the connection a member of `room`. */
  join(room: string): void;
  /** Sends `payload` to every member of `room`, the sender included, on this node and, when synced, on the others. */
  publish(room: string, payload: string): void;
}

/**
 * The planted leak of --inject-leak-kb: what each connection leaves behind, kept in a module-level
 * list that nothing empties, as a leaking server keeps what it should have let go. An array of
 * numbers lives on the V8 heap (a Buffer's bytes would not), so heapUsed shows it as well as RSS,
 * and a heap snapshot names this class as what grew.
 */
class PlantedLeak {
  constructor(readonly held: number[]) {}
}
const plantedLeaks: PlantedLeak[] = [];

/** Counts connections and hands out per-connection hooks. */
export interface ConnectionBehaviour {
  accept(send: SendFunction, rooms: ConnectionRooms): ConnectionHooks;
  openConnections(): number;
}

/** Builds the shared behaviour from the server options. */
export function createConnectionBehaviour(options: ServerOptions): ConnectionBehaviour {
  let open = 0;
  const pushPayload = 'p'.repeat(Math.max(1, options.payloadBytes));
  const retainBytes = options.injectRetainKb * 1024;
  // 8 bytes a number: an array of doubles of kb x 128 elements holds kb KiB.
  const leakNumbers = (options.injectLeakKb ?? 0) * 128;

  return {
    openConnections: () => open,
    accept(send, rooms) {
      open += 1;
      let released = false;
      const pendingEchoes = new Set<NodeJS.Timeout>();
      // Filled with a non-zero byte so the pages are really committed and show in RSS.
      let retained: Buffer | null = retainBytes > 0 ? Buffer.alloc(retainBytes, 1) : null;

      if (options.mode === 'push') send(pushPayload);
      if (leakNumbers > 0) plantedLeaks.push(new PlantedLeak(new Array<number>(leakNumbers).fill(0.5)));

      return {
        receive(payload) {
          if (released) return;
          if (options.mode === 'broadcast' && typeof payload === 'string') {
            const room = roomOf(payload);
            if (room !== null) return rooms.publish(room, payload);
            // A join is answered by its echo below, sent once the connection is a member.
            const joined = parseJoin(payload);
            if (joined !== null) rooms.join(joined);
          }
          if (options.injectDelayMs <= 0) {
            send(payload);
            return;
          }
          const timer = setTimeout(() => {
            pendingEchoes.delete(timer);
            if (!released) send(payload);
          }, options.injectDelayMs);
          pendingEchoes.add(timer);
        },
        release() {
          if (released) return;
          released = true;
          open -= 1;
          for (const timer of pendingEchoes) clearTimeout(timer);
          pendingEchoes.clear();
          retained = null;
          void retained;
        },
      };
    },
  };
}
