/**
 * Rooms for ws and sockjs: a local RoomRegistry, and with sync the Redis relay, which gets each
 * room message once from the node that received it and brings the other nodes' messages in.
 */
import type { ConnectionRooms, SendFunction } from './connection-behaviour.js';
import type { SyncLink } from './sync-types.js';
import { RoomRegistry } from './room-registry.js';

/** One connection's rooms, and how it leaves them all when it closes. */
export interface RoomMembership extends ConnectionRooms {
  leave(): void;
}

/** The rooms of one server. */
export interface RegistryRooms {
  connect(send: SendFunction): RoomMembership;
}

/** Builds the rooms of one ws or sockjs server; `sync` null keeps them on this node. */
export function registryRooms(sync: SyncLink | null): RegistryRooms {
  const registry = new RoomRegistry();
  const relay = sync?.relay ?? null;
  relay?.onRemote((room, payload) => registry.deliver(room, payload));
  const publish = (room: string, payload: string): void => {
    registry.deliver(room, payload);
    relay?.publish(room, payload);
  };
  return {
    connect(send) {
      const joined = new Set<string>();
      return {
        join(room) {
          joined.add(room);
          registry.join(room, send);
        },
        publish,
        leave() {
          registry.leave(send, joined);
          joined.clear();
        },
      };
    },
  };
}
