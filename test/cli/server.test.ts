/** `bench server` on its own, and `bench run --target` against it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** Starts `bench server` and resolves with its URL (first stdout line). */
function startBenchServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'server', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve({ child, url: line.trim() });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

describe('bench server', () => {
  it.each(['ws', 'socketio', 'sockjs'])('serves %s clients of bench run --target, then exits 0 on SIGTERM', async (transport) => {
    const { child, url } = await startBenchServer(['--transport', transport]);
    expect(url).toMatch(/^(ws|http):\/\/127\.0\.0\.1:\d+/);
    const result = await runCli(['run', '-t', transport, '-c', '30', '--target', url, '--hold', '0', '--json', '--quiet']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { connected: number; server: unknown };
    expect(summary.connected).toBe(30);
    expect(summary.server).toBeNull();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 naming the port when it is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['server', '--transport', 'ws', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
