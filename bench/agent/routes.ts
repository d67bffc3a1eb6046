/**
 * The agent's HTTP routes. Every request is authenticated first (401 otherwise, logged with the
 * source address); then only these fixed actions exist: nothing a request sends is ever run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectEnvironment, type Environment } from '../run/environment.js';
import {
  AGENT_API_PREFIX,
  MAX_BODY_BYTES,
  type ClockReply,
  type ErrorReply,
  type InfoReply,
  type SampleNowReply,
  type StopServerReply,
} from './agent-protocol.js';
import { checkBearer } from './auth.js';
import { HttpError } from './http-error.js';
import { readJsonBody } from './request-body.js';
import { boxNowMs } from './sample-stream.js';
import type { ServerHolder } from './server-holder.js';
import { validateStartRequest } from './start-request.js';

/** What the routes need. */
export interface RouteContext {
  token: string;
  holder: ServerHolder;
  log(line: string): void;
}

function sendJson(response: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, message: string): void {
  const body: ErrorReply = { error: message };
  // After a refused body the connection may still hold unread bytes: do not reuse it.
  sendJson(response, status, body, status === 413);
}

/** The request's path without its query: what the log names, so that a token sent in a query string never lands in the log. */
export function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Who sent the request, for the log. */
export function sourceOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return `${address.includes(':') ? `[${address}]` : address}:${request.socket.remotePort ?? '?'}`;
}

function requireMethod(request: IncomingMessage, ...allowed: string[]): void {
  if (!allowed.includes(request.method ?? '')) throw new HttpError(405, `${request.method} is not allowed here; use ${allowed.join(' or ')}`);
}

/** Builds the request handler of one agent. */
export function createAgentHandler(context: RouteContext): (request: IncomingMessage, response: ServerResponse) => void {
  // Collected once: it runs git and reads /proc, and the box does not change under a running agent.
  let environment: Environment | null = null;

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://agent').pathname;
    const parts = path.split('/').filter((part) => part.length > 0);
    if (`/${parts[0] ?? ''}` !== AGENT_API_PREFIX) throw new HttpError(404, `no route ${path}; the API lives under ${AGENT_API_PREFIX}/`);
    const [resource, id, action] = parts.slice(1);

    if (resource === 'clock' && id === undefined) {
      requireMethod(request, 'GET');
      const reply: ClockReply = { nowMs: boxNowMs() };
      return sendJson(response, 200, reply);
    }
    if (resource === 'info' && id === undefined) {
      requireMethod(request, 'GET');
      environment ??= collectEnvironment();
      const reply: InfoReply = {
        benchVersion: environment.benchVersion,
        environment,
        serverId: context.holder.serverId,
        serverUrl: context.holder.serverUrl,
        serverCommands: context.holder.serverCommands,
      };
      return sendJson(response, 200, reply);
    }
    if (resource !== 'servers' || parts.length > 4) throw new HttpError(404, `no route ${path}`);

    if (id === undefined) {
      requireMethod(request, 'POST');
      const body = validateStartRequest(await readJsonBody(request, MAX_BODY_BYTES), (line) => context.log(line));
      const hosted = await context.holder.start(body, request.socket.localAddress);
      context.log(
        `started a ${body.options.transport} server pid ${hosted.pid} at ${hosted.reply.url} for ${sourceOf(request)}` +
          (hosted.reply.fileLimit === null ? '' : ` (open-file limit ${hosted.reply.fileLimit})`),
      );
      return sendJson(response, 201, hosted.reply);
    }

    const hosted = context.holder.get(id);
    hosted.touch();
    switch (action) {
      case undefined: {
        requireMethod(request, 'DELETE');
        const exit = await hosted.stop(`the workstation ${sourceOf(request)} asked`);
        const reply: StopServerReply = { code: exit.code, signal: exit.signal };
        return sendJson(response, 200, reply);
      }
      case 'samples':
        requireMethod(request, 'GET');
        return hosted.attachStream(response);
      case 'sample': {
        requireMethod(request, 'POST');
        const reply: SampleNowReply = { seq: await hosted.sampleNow() };
        return sendJson(response, 200, reply);
      }
      case 'gc':
        requireMethod(request, 'POST');
        await hosted.collectGarbage();
        return sendJson(response, 200, { ok: true });
      case 'heartbeat':
        requireMethod(request, 'POST');
        return sendJson(response, 200, { ok: true });
      default:
        throw new HttpError(404, `no route ${path}`);
    }
  };

  return (request, response) => {
    const auth = checkBearer(request, context.token);
    if (auth !== 'ok') {
      context.log(`401 ${request.method} ${pathOf(request)} from ${sourceOf(request)}: ${auth === 'missing' ? 'no bearer token' : 'wrong token'}`);
      request.resume();
      return sendError(response, 401, auth === 'missing' ? 'missing bearer token: send Authorization: Bearer <token>' : 'wrong token');
    }
    route(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status >= 500) context.log(`${status} ${request.method} ${pathOf(request)} from ${sourceOf(request)}: ${message}`);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (status !== 413) request.resume();
      sendError(response, status, message);
    });
  };
}
