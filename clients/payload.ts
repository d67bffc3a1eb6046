/**
 * The messages clients send. The first message is a fixed-size string; steady-traffic messages
 * carry their sequence number and intended send time so the echo alone tells what it answers.
 */

/** Pads `head` with 'x' to `payloadBytes` (never shorter than the head itself). */
function pad(head: string, payloadBytes: number): string {
  return head.length >= payloadBytes ? head : head + 'x'.repeat(payloadBytes - head.length);
}

/** The message a client sends at open. */
export function firstMessagePayload(client: number, payloadBytes: number): string {
  return pad(`${client}:`, payloadBytes);
}

/** A steady-traffic message: `s<seq>|<intended send time, µs on the worker's clock>|` padded. */
export function steadyPayload(seq: number, intendedMicros: number, payloadBytes: number): string {
  return pad(`s${seq}|${intendedMicros}|`, payloadBytes);
}

/** Reads a steady-traffic echo, or null for anything else. */
export function parseSteadyPayload(data: string): { seq: number; intendedMicros: number } | null {
  if (!data.startsWith('s')) return null;
  const bar = data.indexOf('|');
  const end = data.indexOf('|', bar + 1);
  if (bar < 0 || end < 0) return null;
  const seq = Number(data.slice(1, bar));
  const intendedMicros = Number(data.slice(bar + 1, end));
  return Number.isFinite(seq) && Number.isFinite(intendedMicros) ? { seq, intendedMicros } : null;
}
