/** `bench run --mode broadcast` on one node: against the real servers, and against a server that duplicates and drops room messages. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { freshDir, onlyRunDir, readCsv, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

async function broadcastRun(args: string[]): Promise<{ summary: RunSummary; runDir: string; stderr: string; code: number | null }> {
  const cwd = freshDir();
  const result = await runCli(['run', '--mode', 'broadcast', '--json', '--quiet', ...args], { cwd });
  return { summary: JSON.parse(result.stdout) as RunSummary, runDir: onlyRunDir(path.join(cwd, 'results')), stderr: result.stderr, code: result.code };
}

describe.each(['ws', 'socketio', 'sockjs'])('%s --mode broadcast on one node', (transport) => {
  it('delivers every room message to every member once: delivered == expected, no duplicates', async () => {
    const { summary, runDir, code } = await broadcastRun([
      '-t',
      transport,
      '-c',
      '40',
      '--workers',
      '2',
      '--rooms',
      '4',
      '--publishers',
      '4',
      '--publish-rate',
      '10',
      '--hold',
      '1',
    ]);
    expect(code).toBe(0);
    const cast = summary.broadcast;
    expect(cast).toMatchObject({ rooms: 4, publishers: 4, publishRatePerSecond: 10, durationSeconds: 1, members: 40, duplicates: 0 });
    // 4 publishers at 10/s for 1 s, each to a room of 10 members (itself included).
    expect(cast?.published).toBe(40);
    expect(cast?.expected).toBe(400);
    expect(cast?.delivered).toBe(400);
    expect(cast?.deliveredRatio).toBe(1);
    expect(cast?.fanOutMs?.p50).toBeGreaterThan(0);
    expect(existsSync(path.join(runDir, 'fan-out.hgrm'))).toBe(true);
    const timeline = readCsv(path.join(runDir, 'broadcast.csv'));
    expect(timeline.reduce((sum, row) => sum + Number(row.delivered), 0)).toBe(400);
    expect(timeline.reduce((sum, row) => sum + Number(row.published), 0)).toBe(40);
  });
});

describe('--mode broadcast against a server that sends the publisher its own messages twice and drops one', () => {
  let server: WebSocketServer;
  let url = '';
  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    const members: WebSocket[] = [];
    let dropped = false;
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('j')) {
          members.push(socket);
          return socket.send(text);
        }
        if (!text.startsWith('b')) return socket.send(text);
        for (const member of members) {
          if (member !== socket && !dropped) {
            dropped = true; // the first message to the first other member is lost
            continue;
          }
          member.send(text);
          if (member === socket) member.send(text); // a duplicate for the publisher
        }
      });
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts the duplicates and the loss', async () => {
    const { summary, stderr } = await broadcastRun([
      '-t',
      'ws',
      '-c',
      '3',
      '--target',
      url,
      '--rooms',
      '1',
      '--publishers',
      '1',
      '--publish-rate',
      '10',
      '--hold',
      '1',
    ]);
    // 10 messages to a room of 3: 30 expected, one dropped, and each of the 10 a second time to the publisher.
    expect(summary.broadcast).toMatchObject({ published: 10, members: 3, expected: 30, delivered: 29, duplicates: 10 });
    expect(stderr).toContain('delivered 29 of 30 expected (96.67%), duplicates 10');
  });
});
