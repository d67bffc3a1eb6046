/**
 * `bench run --target` against servers that check the handshake as an app does
 * (test/fixtures/handshake-servers.ts): with the right tokens every client connects, in every
 * variant of its transport; with wrong ones every client fails with the server's reason in
 * connections.csv's `error`, and the run exits 1 (failed clients), not as a tool error.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, runCli } from '../helpers/cli.js';
import { readCsvFile } from '../../bench/results/csv-reader.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';
import { CLIENT_KINDS } from '../../protocol/client-kinds.js';
import { startSocketioApp, startSockjsApp, startWsApp, TOKENS, type FixtureServer } from '../fixtures/handshake-servers.js';

const CLIENTS = 6;

/** A tokens file in `dir` holding `tokens`, with a blank line and spaces that must be skipped. */
function tokensFile(dir: string, tokens: readonly string[]): string {
  const file = path.join(dir, 'tokens.txt');
  writeFileSync(file, `${tokens[0]}\n\n  ${tokens.slice(1).join('\n')}  \n`);
  return file;
}

/** Runs CLIENTS clients against `url` with `flags`; the exit code, the summary and connections.csv's errors by client. */
async function runAgainst(
  transport: string,
  url: string,
  flags: (cwd: string) => string[],
): Promise<{ code: number | null; summary: RunSummary; errors: string[]; stderr: string }> {
  const cwd = freshDir();
  const args = ['run', '-t', transport, '-c', String(CLIENTS), '-w', '1', '--target', url, '--hold', '0', '--connect-timeout', '5', '--json', '--quiet'];
  const result = await runCli([...args, ...flags(cwd)], { cwd });
  const rows = readCsvFile(path.join(onlyRunDir(path.join(cwd, 'results')), 'connections.csv')) ?? [];
  const errors = rows.sort((a, b) => Number(a.client) - Number(b.client)).map((row) => row.error ?? '');
  return { code: result.code, summary: JSON.parse(result.stdout) as RunSummary, errors, stderr: result.stderr };
}

describe('handshake flags against an app server', () => {
  describe('socketio: engine path, namespace, auth, query, header and cookie', () => {
    let server: FixtureServer;
    beforeAll(async () => (server = await startSocketioApp()));
    afterAll(() => server.close());

    const flags =
      (tokens: readonly string[], extra: string[] = []) =>
      (cwd: string): string[] => [
        '--path',
        '/app/socket.io',
        '--namespace',
        '/chat',
        '--auth',
        '{"token":"{{token}}","id":"{{id}}"}',
        '--query',
        'client={{id}}',
        '--header',
        'x-client: c-{{id}}',
        '--cookie',
        'session={{token}}',
        '--tokens-file',
        tokensFile(cwd, tokens),
        ...extra,
      ];

    it.each([
      ['websocket', 'library'],
      ['polling', 'library'],
      ['websocket', 'wire'],
    ])('connects every client over %s with the right tokens (--client %s)', async (variant, client) => {
      server.accepted.length = 0;
      const run = await runAgainst('socketio', server.url, flags(TOKENS, ['--socketio-transports', variant, '--client', client]));
      expect(run.errors).toEqual(Array(CLIENTS).fill(''));
      expect(run.code).toBe(0);
      expect(run.summary.connected).toBe(CLIENTS);
      // The headers and cookie arrived with the transport's own first request, not only with an upgrade.
      expect(server.accepted.map((client) => client.transport)).toEqual(Array(CLIENTS).fill(variant));
    });

    it.each(CLIENT_KINDS)("fails every client with the middleware's reason when the tokens are wrong: exit 1 (--client %s)", async (client) => {
      const run = await runAgainst('socketio', server.url, flags(['tok-wrong'], ['--client', client]));
      expect(run.errors).toEqual(Array(CLIENTS).fill('connect-error: invalid token'));
      expect(run.code).toBe(1);
      expect(run.summary.errors).toEqual({ 'connect-error: invalid token': CLIENTS });
    });

    it.each(CLIENT_KINDS)('fails every client with "Invalid namespace" for a namespace the server refuses (--client %s)', async (client) => {
      const run = await runAgainst('socketio', server.url, () => ['--path', '/app/socket.io', '--client', client]);
      expect(run.errors).toEqual(Array(CLIENTS).fill('connect-error: Invalid namespace'));
      expect(run.code).toBe(1);
    });
  });

  describe('ws: URL path, query, Authorization header and cookie', () => {
    let server: FixtureServer;
    beforeAll(async () => (server = await startWsApp()));
    afterAll(() => server.close());

    const flags = (tokens: readonly string[]) => (cwd: string) => [
      '--path',
      '/live',
      '--query',
      'token={{token}}',
      '--query',
      'id={{id}}',
      '--header',
      'Authorization: Bearer {{token}}',
      '--cookie',
      'session={{token}}',
      '--tokens-file',
      tokensFile(cwd, tokens),
    ];

    it('connects every client with the right tokens', async () => {
      const run = await runAgainst('ws', server.url, flags(TOKENS));
      expect(run.errors).toEqual(Array(CLIENTS).fill(''));
      expect(run.code).toBe(0);
    });

    it('fails every client with http-401 and the body of the refusal when the tokens are wrong', async () => {
      const run = await runAgainst('ws', server.url, flags(TOKENS.map((token) => `${token}x`)));
      expect(run.errors).toEqual(Array(CLIENTS).fill('http-401: invalid token'));
      expect(run.code).toBe(1);
    });
  });

  describe('sockjs: prefix and query, over its transports', () => {
    let server: FixtureServer;
    beforeAll(async () => (server = await startSockjsApp()));
    afterAll(() => server.close());

    const flags =
      (tokens: readonly string[], variant: string, extra: string[] = []) =>
      (cwd: string) => [
        '--path',
        '/rt',
        '--query',
        'token={{token}}',
        '--query',
        'id={{id}}',
        '--tokens-file',
        tokensFile(cwd, tokens),
        '--sockjs-transports',
        variant,
        ...extra,
      ];

    it.each([
      ['websocket', 'library'],
      ['xhr-streaming', 'library'],
      ['xhr-polling', 'library'],
      ['websocket', 'wire'],
    ])('connects every client over %s with the right tokens (--client %s)', async (variant, client) => {
      server.accepted.length = 0;
      // sockjs-client sends headers with its websocket transport only (the config refuses them with the others).
      const header = variant === 'websocket' ? ['--header', 'X-Client-IP: 10.0.0.{{id}}'] : [];
      const run = await runAgainst('sockjs', server.url, flags(TOKENS, variant, [...header, '--client', client]));
      expect(run.errors).toEqual(Array(CLIENTS).fill(''));
      expect(run.code).toBe(0);
      expect(server.accepted.map((client) => client.protocol)).toEqual(Array(CLIENTS).fill(variant));
      if (variant === 'websocket') expect(server.accepted.map((client) => client.clientIp).sort()).toEqual([0, 1, 2, 3, 4, 5].map((id) => `10.0.0.${id}`));
    });

    it.each(CLIENT_KINDS)("fails every client with the server's close code and reason when the tokens are wrong (--client %s)", async (client) => {
      const run = await runAgainst('sockjs', server.url, flags(['tok-wrong'], 'websocket', ['--client', client]));
      expect(run.errors).toEqual(Array(CLIENTS).fill('sockjs-4001: invalid token'));
      expect(run.code).toBe(1);
    });
  });
});

describe('a bad handshake flag', () => {
  it('stops the run before anything starts: exit 2, one line naming the flag', async () => {
    const result = await runCli(['run', '-t', 'ws', '-c', '2', '--target', 'ws://127.0.0.1:9/', '--namespace', '/chat', '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('bench: --namespace applies to --transport socketio only; this run uses ws');
  });
});
