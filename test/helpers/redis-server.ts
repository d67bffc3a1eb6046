/**
 * A real redis-server for tests, on a free loopback port, with no persistence; stopped by the test.
 * Tests that need one skip with a message where the binary is absent (.ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const REDIS_SERVER_BINARY = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => existsSync(file)) ?? null;

/** Why Redis tests are skipped here, or null when they run. */
export const REDIS_MISSING = REDIS_SERVER_BINARY === null ? 'redis-server is not installed (apt-get install redis-server); the Redis sync tests are skipped' : null;

/** A running redis-server. */
export interface TestRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** A port nobody listens on now; Redis cannot take port 0, so it is asked for this one. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function startOn(binary: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not get ready on port ${port}: ${log.slice(-300)}`));
    }, 10_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} on port ${port}: ${log.slice(-300)}`));
    });
  });
}

/** Starts redis-server on `port` (a restart), or on a free port (another try if the port was taken meanwhile). */
export async function startTestRedis(fixedPort?: number): Promise<TestRedis> {
  if (REDIS_SERVER_BINARY === null) throw new Error(REDIS_MISSING ?? 'redis-server is missing');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (fixedPort !== undefined && attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    const port = fixedPort ?? (await freePort());
    try {
      const child = await startOn(REDIS_SERVER_BINARY, port);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        pid: child.pid as number,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
