/** Starts `bench agent` as a real process and talks to it over real HTTP on 127.0.0.1. */
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { freshDir, startLongRunningCli, type LongRunningCli } from './cli.js';

/** A token file for tests (mode 0600), and its token. */
export function writeTestToken(dir = freshDir('bench-agent-token-')): { file: string; token: string } {
  const token = `test-token-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const file = path.join(dir, 'agent.token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { file, token };
}

/** A running `bench agent`. */
export type AgentProcess = LongRunningCli;

/** Starts `bench agent <args>` (optionally under a command prefix such as `ip netns exec ns`) and waits for its URL. */
export function startAgentProcess(args: string[], options: { prefix?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<AgentProcess> {
  return startLongRunningCli(['agent', ...args], options);
}

/** One HTTP request to an agent; the reply body parsed as JSON when it is. */
export function agentRequest(
  baseUrl: string,
  method: string,
  apiPath: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (text !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(text));
    }
    const req = request(new URL(apiPath, baseUrl), { method, headers, agent: false }, (response) => {
      let reply = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
      response.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(reply) as Record<string, unknown>;
        } catch {
          body = { raw: reply };
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}

/** A valid start request for the agent. */
export function startBody(transport = 'ws'): Record<string, unknown> {
  return {
    options: { transport, perMessageDeflate: false, mode: 'echo', payloadBytes: 32, injectDelayMs: 0, injectRetainKb: 0 },
    sampleIntervalMs: 250,
    exposeGc: false,
    startTimeoutMs: 10_000,
    filesNeeded: 512,
  };
}

/** True while a process with this PID exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `check` until it is true or `timeoutMs` passes; resolves with its last value. */
export async function waitFor(check: () => boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return check();
}
