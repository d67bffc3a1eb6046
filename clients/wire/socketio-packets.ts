/**
 * Socket.IO's packets as text (socket.io-parser's format, the same in protocol 4 of socket.io 2.x
 * and protocol 5 of 3.x and 4.x): `<type>[<attachments>-][<namespace>,][<ack id>][<json>]`, with
 * each binary attachment sent as its own frame after the packet and named in the JSON by a
 * placeholder ({"_placeholder":true,"num":i}). Read from the protocol's documentation
 * (socket.io-protocol), not from the library: this is the part the wire client owns.
 */

export const CONNECT = 0;
export const DISCONNECT = 1;
export const EVENT = 2;
export const ACK = 3;
/** CONNECT_ERROR in protocol 5, ERROR in protocol 4: the server refused the namespace. */
export const CONNECT_ERROR = 4;
export const BINARY_EVENT = 5;
export const BINARY_ACK = 6;

/** One decoded packet; `data` is the parsed JSON (undefined when there was none). */
export interface SocketioPacket {
  type: number;
  namespace: string;
  /** The ack id, or -1 when the packet has none. */
  id: number;
  /** Binary frames that follow the packet (binary event or ack), else 0. */
  attachments: number;
  data: unknown;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** Reads a packet's text; null when it is not a packet this format allows. */
export function decodePacket(text: string): SocketioPacket | null {
  const type = text.charCodeAt(0) - DIGIT_0;
  if (!(type >= CONNECT && type <= BINARY_ACK)) return null;
  let at = 1;
  let attachments = 0;
  if (type === BINARY_EVENT || type === BINARY_ACK) {
    const dash = text.indexOf('-', at);
    if (dash < 0) return null;
    attachments = Number(text.slice(at, dash));
    if (!Number.isInteger(attachments)) return null;
    at = dash + 1;
  }
  let namespace = '/';
  if (text.charCodeAt(at) === 47 /* '/' */) {
    const comma = text.indexOf(',', at);
    const end = comma < 0 ? text.length : comma;
    namespace = text.slice(at, end);
    // Protocol 4 sends a namespace's connect with its query ("/chat?token=1"): the namespace is before it.
    const query = namespace.indexOf('?');
    if (query >= 0) namespace = namespace.slice(0, query);
    at = comma < 0 ? end : end + 1;
  }
  let id = -1;
  const idStart = at;
  while (at < text.length && text.charCodeAt(at) >= DIGIT_0 && text.charCodeAt(at) <= DIGIT_9) at += 1;
  if (at > idStart) id = Number(text.slice(idStart, at));
  let data: unknown;
  if (at < text.length) {
    try {
      data = JSON.parse(text.slice(at));
    } catch {
      return null;
    }
  }
  return { type, namespace, id, attachments, data };
}

/** The namespace part of a packet's text: nothing for the main namespace, "/chat," for another. */
export function namespacePrefix(namespace: string): string {
  return namespace === '/' ? '' : `${namespace},`;
}

function isBinary(value: unknown): value is Buffer | ArrayBuffer | ArrayBufferView {
  return Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function asBuffer(value: Buffer | ArrayBuffer | ArrayBufferView): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Whether a value holds binary anywhere (socket.io-parser's hasBinary). */
export function holdsBinary(value: unknown): boolean {
  if (isBinary(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsBinary);
  return Object.values(value).some(holdsBinary);
}

/** The value with each binary part replaced by its placeholder, the parts pushed on `buffers` in order. */
function withPlaceholders(value: unknown, buffers: Buffer[]): unknown {
  if (isBinary(value)) {
    buffers.push(asBuffer(value));
    return { _placeholder: true, num: buffers.length - 1 };
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withPlaceholders(item, buffers));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = withPlaceholders(item, buffers);
  return copy;
}

/** The JSON with each placeholder replaced by its attachment; a placeholder past the attachments stays as it is. */
export function withAttachments(value: unknown, buffers: readonly Buffer[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withAttachments(item, buffers));
  const record = value as Record<string, unknown>;
  if (record._placeholder === true && typeof record.num === 'number') return buffers[record.num] ?? value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) copy[key] = withAttachments(item, buffers);
  return copy;
}

/** A packet's frames: its text, then its binary attachments. `type` is EVENT or ACK; binary data makes it BINARY_EVENT or BINARY_ACK. */
export function encodePacket(type: typeof EVENT | typeof ACK, namespace: string, id: number, data: unknown[]): { text: string; attachments: Buffer[] } {
  const ackId = id < 0 ? '' : String(id);
  if (!holdsBinary(data)) return { text: `${type}${namespacePrefix(namespace)}${ackId}${JSON.stringify(data)}`, attachments: [] };
  const attachments: Buffer[] = [];
  const json = JSON.stringify(withPlaceholders(data, attachments));
  const binaryType = type === EVENT ? BINARY_EVENT : BINARY_ACK;
  return { text: `${binaryType}${attachments.length}-${namespacePrefix(namespace)}${ackId}${json}`, attachments };
}
