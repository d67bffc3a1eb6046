/** Starts an app of examples/ as a real process, reads the port it logs, and makes sure it is gone after. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './cli.js';
import { childPids, isAlive } from './processes.js';

/** A started example app: its process, where it listens, and its output so far. */
export interface ExampleApp {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>`, the port the app logged (it was started with PORT=0). */
  origin: string;
  port: number;
  output(): string;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Runs `node examples/<app>/server.js` with PORT=0 and HOST=127.0.0.1 in its own process group, and
 * resolves once a line of stdout matches `listening`, whose first group is the bound port.
 */
export function startExampleApp(app: string, env: NodeJS.ProcessEnv, listening: RegExp, timeoutMs = 10_000): Promise<ExampleApp> {
  const script = path.join(PROJECT_ROOT, 'examples', app, 'server.js');
  // detached: the app leads a process group, so stopExampleApp can kill its workers with it.
  const child = spawn(process.execPath, [script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not log a listening line within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`${app} exited (code ${code}) before listening:\n${output}`)));
    const onChunk = (chunk: string): void => {
      output += chunk;
      const port = Number(listening.exec(output)?.[1]);
      if (!Number.isInteger(port) || port === 0 || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({ child, pid: child.pid, origin: `http://127.0.0.1:${port}`, port, output: () => output, exited });
    };
    child.stdout?.setEncoding('utf8').on('data', onChunk);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  });
}

const started = new Set<ChildProcess>();

/** Kills every app started since the last call with its whole process group (workers included), whether or not the test stopped it: for afterEach. */
export function killExampleApps(): void {
  for (const child of started) {
    if (child.pid === undefined) continue;
    // Children first, by PID, in case one left the group; then the group, which outlives its leader.
    for (const pid of childPids(child.pid)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
  started.clear();
}
