/**
 * Idle mode on real sockets: with no traffic, the server's heartbeats are all that crosses the
 * wire, so its bytes per connection grow with the heartbeat's rate. Two runs of each transport at
 * two intervals, side by side.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, readJson, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';
import { TRANSPORT_NAMES } from '../../protocol/transports.js';

async function idle(transport: string, pingIntervalMs: number): Promise<RunSummary> {
  const cwd = freshDir();
  const result = await runCli(
    ['run', '-t', transport, '-c', '20', '--mode', 'idle', '--duration', '2.5', '--ping-interval', String(pingIntervalMs), '--ping-timeout', '2000', '--quiet'],
    {
      cwd,
      timeoutMs: 60_000,
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return readJson<{ summary: RunSummary }>(path.join(onlyRunDir(path.join(cwd, 'results')), 'run.json')).summary;
}

describe('bench run --mode idle', () => {
  it.each(TRANSPORT_NAMES)('%s: heartbeats are bytes on the wire, more of them at a shorter interval', async (transport) => {
    const [often, seldom] = await Promise.all([idle(transport, 100), idle(transport, 1000)]);
    for (const summary of [often, seldom]) {
      expect(summary.mode).toBe('idle');
      expect(summary.status).toBe('ok');
      expect(summary.idle?.connections).toBe(20);
      expect(summary.idle?.serverCpuSeconds).toBeGreaterThan(0);
      expect(summary.idle?.rssSlopeBytesPerMinute?.n).toBeGreaterThanOrEqual(3);
      expect(summary.idle?.bytesPerConnectionPerMinute).toBeGreaterThan(0);
      // No traffic but the heartbeat: nothing was sent by the clients beyond the first message.
      expect(summary.steadyTraffic).toBeNull();
    }
    expect(often.idle?.heartbeat.pingIntervalMs).toBe(100);
    // Ten times the heartbeats: well over twice the bytes, whatever each heartbeat costs.
    expect(often.idle?.bytesPerConnectionPerMinute as number).toBeGreaterThan(2 * (seldom.idle?.bytesPerConnectionPerMinute as number));
  });
});
