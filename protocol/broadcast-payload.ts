/**
 * The two messages of the broadcast workload, as text on each transport's ordinary message channel:
 * a join (`j<room>|`, which the server answers by echoing it once the client is a member) and a
 * room message (`b<room>|<publisher>|<seq>|<sent µs since the epoch>|`, which the server fans out
 * to every member of the room, the publisher included). Both are padded to the run's payload size.
 */

/** Pads `head` with 'x' to `payloadBytes` (never shorter than the head itself). */
function pad(head: string, payloadBytes: number): string {
  return head.length >= payloadBytes ? head : head + 'x'.repeat(payloadBytes - head.length);
}

/** What a room message carries. */
export interface RoomMessage {
  room: number;
  publisher: number;
  seq: number;
  /** When the publisher sent it, in µs since the Unix epoch (performance.timeOrigin + performance.now()). */
  sentMicros: number;
}

/** The join a client sends as its first message in broadcast mode. */
export function joinPayload(room: number, payloadBytes: number): string {
  return pad(`j${room}|`, payloadBytes);
}

/** A room message. */
export function roomPayload(message: RoomMessage, payloadBytes: number): string {
  return pad(`b${message.room}|${message.publisher}|${message.seq}|${message.sentMicros}|`, payloadBytes);
}

/** The room a join names, or null when `data` is not a join. */
export function parseJoin(data: string): string | null {
  if (!data.startsWith('j')) return null;
  const bar = data.indexOf('|');
  return bar > 1 ? data.slice(1, bar) : null;
}

/** The room a room message is for, or null when `data` is not one; the server reads no further. */
export function roomOf(data: string): string | null {
  if (!data.startsWith('b')) return null;
  const bar = data.indexOf('|');
  return bar > 1 ? data.slice(1, bar) : null;
}

/** Reads a room message, or null for anything else. */
export function parseRoomMessage(data: string): RoomMessage | null {
  if (!data.startsWith('b')) return null;
  const fields = data.split('|', 4);
  if (fields.length < 4) return null;
  const room = Number((fields[0] as string).slice(1));
  const publisher = Number(fields[1]);
  const seq = Number(fields[2]);
  const sentMicros = Number(fields[3]);
  if (![room, publisher, seq, sentMicros].every(Number.isFinite)) return null;
  return { room, publisher, seq, sentMicros };
}
