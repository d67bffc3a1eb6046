/**
 * A real redis-server for tests, started the way a run starts it (bench/cluster: redis.conf with no
 * persistence, a free loopback port, ready once it answers PING), in a temporary folder; stopped by
 * the test. Tests that need one skip with a message where the binary is absent (.ci/run installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExternalProcess, findBinary } from '../../bench/cluster/external-process.js';
import { freePortBelowEphemeralRange } from '../../bench/run/restart-port.js';
import { redisComponent } from '../../bench/cluster/redis-component.js';

const START_TIMEOUT_MS = 10_000;

/** Why Redis tests are skipped here, or null when they run. */
export const REDIS_MISSING =
  findBinary('redis-server') === null ? 'redis-server is not installed (apt-get install redis-server); the Redis sync tests are skipped' : null;

/** A running redis-server. */
export interface TestRedis {
  url: string;
  port: number;
  pid: number;
  /** SIGKILL, as a crash would: nothing is saved. */
  stop(): Promise<void>;
}

/** Starts redis-server on `port` (a restart), or on a free port (another try if the port was taken meanwhile). */
export async function startTestRedis(fixedPort?: number): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-test-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (fixedPort !== undefined && attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    const port = fixedPort ?? (await freePortBelowEphemeralRange('127.0.0.1'));
    try {
      const redis = await ExternalProcess.start(redisComponent(port, dir), dir, START_TIMEOUT_MS);
      const stop = async (): Promise<void> => {
        await redis.kill();
        rmSync(dir, { recursive: true, force: true });
      };
      return { url: `redis://127.0.0.1:${port}`, port, pid: redis.pid, stop };
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
