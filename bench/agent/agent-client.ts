/** The workstation's side of the agent API: JSON requests with the bearer token, and the sample stream. */
import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { RunError } from '../errors.js';
import { AGENT_API_PREFIX, type StreamLine } from './agent-protocol.js';

/** Default wait for one control request, in ms. */
const REQUEST_TIMEOUT_MS = 10_000;

/** A reply other than 2xx: the agent's status and reason. */
export class AgentReplyError extends RunError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An open sample stream. */
export interface AgentStream {
  /** Resolves when the stream ends: null when the agent ended it, else why it broke. */
  readonly ended: Promise<string | null>;
  close(): void;
}

function readAll(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

function reasonOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // Not our agent's JSON; show the start of what came back.
  }
  return text.slice(0, 200).trim() || 'no reason given';
}

/** Talks to one agent at `baseUrl` (http://box:port). */
export class AgentClient {
  private readonly pool = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private send(method: string, path: string, options: { agent: Agent | false; timeoutMs?: number; body?: string }): ClientRequest {
    const url = new URL(`${AGENT_API_PREFIX}${path}`, this.baseUrl);
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const request = httpRequest(url, { method, headers, agent: options.agent });
    if (options.timeoutMs !== undefined) {
      const timeoutMs = options.timeoutMs;
      request.setTimeout(timeoutMs, () => request.destroy(new Error(`no reply within ${timeoutMs / 1000} s`)));
    }
    request.end(options.body);
    return request;
  }

  /** Sends a JSON request; resolves with the parsed reply, throws AgentReplyError or RunError. */
  request<T>(method: string, path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const request = this.send(method, path, { agent: this.pool, timeoutMs, body: body === undefined ? undefined : JSON.stringify(body) });
      request.on('error', (error) => reject(new RunError(`cannot reach the agent at ${this.baseUrl} (${method} ${path}): ${error.message}`)));
      request.on('response', (response) => {
        readAll(response).then((text) => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) {
            return reject(new AgentReplyError(status, `the agent at ${this.baseUrl} answered ${status} to ${method} ${path}: ${reasonOf(text)}`));
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch {
            reject(new RunError(`the agent at ${this.baseUrl} sent a reply that is not JSON to ${method} ${path}`));
          }
        }, reject);
      });
    });
  }

  /** Opens a newline-delimited JSON stream on its own connection; `onLine` gets each parsed line. */
  openStream(path: string, onLine: (line: StreamLine) => void): Promise<AgentStream> {
    return new Promise((resolve, reject) => {
      const request = this.send('GET', path, { agent: false });
      let settle: (reason: string | null) => void = () => undefined;
      const ended = new Promise<string | null>((resolveEnded) => {
        let done = false;
        settle = (reason) => {
          if (!done) {
            done = true;
            resolveEnded(reason);
          }
        };
      });
      request.on('error', (error) => {
        settle(error.message);
        reject(new RunError(`cannot open the sample stream of the agent at ${this.baseUrl}: ${error.message}`));
      });
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          void readAll(response).then((text) =>
            reject(new AgentReplyError(status, `the agent at ${this.baseUrl} refused the sample stream (${status}): ${reasonOf(text)}`)),
          );
          return;
        }
        response.socket.setNoDelay(true);
        let pending = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          pending += chunk;
          let newline = pending.indexOf('\n');
          while (newline >= 0) {
            const text = pending.slice(0, newline);
            pending = pending.slice(newline + 1);
            if (text.trim().length > 0) {
              let line: StreamLine;
              try {
                line = JSON.parse(text) as StreamLine;
              } catch {
                settle('the agent sent a stream line that is not JSON');
                request.destroy();
                return;
              }
              onLine(line);
            }
            newline = pending.indexOf('\n');
          }
        });
        response.on('end', () => settle(null));
        response.on('error', (error) => settle(error.message));
        response.on('close', () => settle(response.complete ? null : 'the connection closed mid-stream'));
        resolve({ ended, close: () => request.destroy() });
      });
    });
  }

  /** Closes the pooled connections. */
  close(): void {
    this.pool.destroy();
  }
}
