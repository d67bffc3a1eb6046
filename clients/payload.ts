/** The message a client sends first: a fixed-size string, the same for every transport. */
export function firstMessagePayload(client: number, payloadBytes: number): string {
  const head = `${client}:`;
  return head.length >= payloadBytes ? head : head + 'x'.repeat(payloadBytes - head.length);
}
