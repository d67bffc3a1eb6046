/**
 * The floor bench's timings are measured against: a bare ws client with no harness around it,
 * against the same ws echo server. Nothing here records per-client rows or reports; it only times.
 */
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { median } from '../stats/stats.js';

/** The ws client class of the stack under test (ws 7 and 8 take the same calls here). */
export type WebSocketClass = typeof WebSocket;

function open(Socket: WebSocketClass, url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function echo(socket: WebSocket, payload: string): Promise<void> {
  return new Promise((resolve) => {
    socket.once('message', () => resolve());
    socket.send(payload);
  });
}

/** Median round trip of `count` messages sent one after another on one connection, in ms. */
export async function bareRoundTripMs(Socket: WebSocketClass, url: string, count: number, payloadBytes: number): Promise<number> {
  const socket = await open(Socket, url);
  const payload = 'x'.repeat(payloadBytes);
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const sentAt = performance.now();
    await echo(socket, payload);
    times.push(performance.now() - sentAt);
  }
  socket.terminate();
  return median(times) ?? 0;
}

/** Median first-message round trip over `count` fresh connections opened one at a time, in ms. */
export async function bareFirstMessageMs(Socket: WebSocketClass, url: string, count: number, payloadBytes: number): Promise<number> {
  const payload = 'x'.repeat(payloadBytes);
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const socket = await open(Socket, url);
    const sentAt = performance.now();
    await echo(socket, payload);
    times.push(performance.now() - sentAt);
    socket.terminate();
  }
  return median(times) ?? 0;
}

/** Connections per second a tight loop opens with at most `concurrency` handshakes in flight. */
export async function bareConnectRate(Socket: WebSocketClass, url: string, count: number, concurrency: number): Promise<number> {
  const sockets: WebSocket[] = [];
  let started = 0;
  const startedAt = performance.now();
  const lane = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      sockets.push(await open(Socket, url));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const elapsedMs = performance.now() - startedAt;
  for (const socket of sockets) socket.terminate();
  return (count / elapsedMs) * 1000;
}
