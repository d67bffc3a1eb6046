/**
 * Rooms for the servers whose library has none (ws, sockjs): which connections of this process are
 * in which room. Cross-node delivery is the relay's (redis-sync.ts); this only knows local members.
 */
import type { SendFunction } from './connection-behaviour.js';

/** The local members of every room, by room name. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Set<SendFunction>>();

  /** Adds `member` to `room`. */
  join(room: string, member: SendFunction): void {
    let members = this.rooms.get(room);
    if (members === undefined) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(member);
  }

  /** Removes `member` from each of `rooms`, dropping rooms left empty. */
  leave(member: SendFunction, rooms: Iterable<string>): void {
    for (const room of rooms) {
      const members = this.rooms.get(room);
      if (members === undefined) continue;
      members.delete(member);
      if (members.size === 0) this.rooms.delete(room);
    }
  }

  /** Sends `payload` to every local member of `room`. */
  deliver(room: string, payload: string): void {
    const members = this.rooms.get(room);
    if (members === undefined) return;
    for (const send of members) send(payload);
  }
}
