/**
 * A Socket.IO server this project did not write, for conformance tests of a Socket.IO client:
 * Debian's python3-socketio 5.7.2 (python3-engineio 4.3.4, python3-aiohttp) running
 * test/fixtures/python-socketio-server.py (what it does per namespace and event is in its
 * docstring), in its own process on 127.0.0.1, port 0; stopped by the test. Tests fail with
 * PYTHON_SOCKETIO_MISSING where the packages are absent (.ci/run installs them).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './cli.js';

const SCRIPT = path.join(FIXTURES, 'python-socketio-server.py');
const START_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 3_000;

/**
 * Debian's interpreter, which sees the packages apt installs (/usr/lib/python3/dist-packages); a
 * `python3` found first on PATH (pyenv, a virtualenv) may not. `python3` where there is none.
 */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The Debian packages the fixture needs (their own dependencies come with them). */
export const PYTHON_SOCKETIO_PACKAGES = ['python3-socketio', 'python3-engineio', 'python3-aiohttp'];

/** What a test says when the fixture cannot run here. */
export const PYTHON_SOCKETIO_MISSING = `${PYTHON} cannot import socketio, engineio and aiohttp: apt-get install -y ${PYTHON_SOCKETIO_PACKAGES.join(' ')}`;

let available: boolean | undefined;

/** True when PYTHON can import socketio, engineio and aiohttp (checked once). */
export function pythonSocketioAvailable(): boolean {
  available ??= spawnSync(PYTHON, ['-c', 'import socketio, engineio, aiohttp'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return available;
}

/** A running python-socketio server. */
export interface PythonSocketio {
  /** `http://127.0.0.1:<port>`; the engine is on the default path /socket.io/. */
  url: string;
  port: number;
  pid: number;
  /** Its stderr so far (logs with SOCKETIO_LOG=1, tracebacks of handler errors). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Settings of the server's engine; unset, python-engineio's own defaults (25 s, 20 s). Fractions work. */
export interface PythonSocketioOptions {
  pingIntervalSeconds?: number;
  pingTimeoutSeconds?: number;
  maxHttpBufferSize?: number;
}

/** Starts the fixture server and resolves once it prints `listening <port>`; rejects with its stderr if it exits first or within START_TIMEOUT_MS does not. */
export function startPythonSocketio(options: PythonSocketioOptions = {}): Promise<PythonSocketio> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  if (options.pingIntervalSeconds !== undefined) env.PING_INTERVAL = String(options.pingIntervalSeconds);
  if (options.pingTimeoutSeconds !== undefined) env.PING_TIMEOUT = String(options.pingTimeoutSeconds);
  if (options.maxHttpBufferSize !== undefined) env.MAX_HTTP_BUFFER_SIZE = String(options.maxHttpBufferSize);
  const child = spawn(PYTHON, [SCRIPT], { cwd: path.dirname(SCRIPT), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`python-socketio fixture ${why}:\n${stderr || '(no stderr)'}`));
    };
    const timer = setTimeout(() => fail(`did not print "listening <port>" within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.on('error', (error) => fail(`could not start (${PYTHON}: ${error.message}); ${PYTHON_SOCKETIO_MISSING}`));
    child.on('exit', (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before listening`));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const port = Number(/^listening (\d+)$/m.exec(stdout)?.[1]);
      if (!Number.isInteger(port) || port === 0 || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${port}`, port, pid: child.pid, stderr: () => stderr, stop });
    });
  });
}
