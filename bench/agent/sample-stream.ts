/** One long-lived GET response carrying newline-delimited JSON lines, with a heartbeat every second. */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { StreamLine } from './agent-protocol.js';

/** How often a quiet stream says it is alive, in ms. */
export const STREAM_HEARTBEAT_MS = 1000;

/** The box's epoch ms, monotonic within this process. */
export function boxNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A stream open to the workstation. */
export interface SampleStream {
  send(line: StreamLine): void;
  /** Ends the response normally (the server is gone). */
  end(): void;
}

/**
 * Starts streaming on `response`: `backlog` first, then every line sent. `onClosedEarly` runs
 * when the workstation goes away before end() (its process died, or the network did).
 */
export function openSampleStream(response: ServerResponse, backlog: readonly StreamLine[], onClosedEarly: () => void): SampleStream {
  let ended = false;
  response.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  response.socket?.setNoDelay(true);
  const write = (line: StreamLine): void => {
    if (!ended && !response.destroyed) response.write(`${JSON.stringify(line)}\n`);
  };
  for (const line of backlog) write(line);
  const heartbeat = setInterval(() => write({ type: 'heartbeat', atMs: boxNowMs() }), STREAM_HEARTBEAT_MS);
  response.once('close', () => {
    clearInterval(heartbeat);
    if (!ended) {
      ended = true;
      onClosedEarly();
    }
  });
  return {
    send: write,
    end() {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      response.end();
    },
  };
}
