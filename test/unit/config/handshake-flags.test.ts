import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHandshake, type HandshakeContext, type HandshakeFlagsInput } from '../../../bench/config/handshake-flags.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { cellRunConfig, validateCells } from '../../../bench/sweep/sweep-config.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bench-handshake-'));
const tokens = path.join(dir, 'tokens.txt');
writeFileSync(tokens, 'a\n\n  b  \r\nc\n');
const blank = path.join(dir, 'blank.txt');
writeFileSync(blank, '\n   \n');

const socketio: HandshakeContext = {
  transport: 'socketio',
  stack: 'current',
  variant: { socketioTransports: ['websocket'], sockjsTransports: ['websocket'], perMessageDeflate: false },
  benchServer: false,
};
const ws: HandshakeContext = { ...socketio, transport: 'ws' };
const sockjs: HandshakeContext = { ...socketio, transport: 'sockjs' };
const sockjsPolling: HandshakeContext = { ...sockjs, variant: { ...sockjs.variant, sockjsTransports: ['websocket', 'xhr-streaming', 'xhr-polling'] } };

describe('resolveHandshake', () => {
  it('is null without a handshake flag, so run.json of a run without them has no handshake', () => {
    expect(resolveHandshake({}, socketio)).toBeNull();
    expect(resolveRunConfig({ transport: 'ws', clients: '3' })).not.toHaveProperty('handshake');
  });

  it('keeps every value as given, templates unexpanded, and counts the tokens (blank lines skipped)', () => {
    const input: HandshakeFlagsInput = {
      path: '/app/socket.io',
      namespace: '/chat',
      query: ['room=lobby', 'client={{id}}', 'empty='],
      header: ['Authorization:  Bearer {{token}} ', 'X-Trace: a:b'],
      cookie: ['session={{token}}'],
      auth: '{"token":"{{ token }}","nested":{"id":"{{id}}"},"n":1}',
      tokensFile: tokens,
    };
    expect(resolveHandshake(input, socketio)).toEqual({
      path: '/app/socket.io',
      namespace: '/chat',
      query: [
        ['room', 'lobby'],
        ['client', '{{id}}'],
        ['empty', ''],
      ],
      headers: [
        ['Authorization', 'Bearer {{token}}'],
        ['X-Trace', 'a:b'],
      ],
      cookies: [['session', '{{token}}']],
      auth: { token: '{{ token }}', nested: { id: '{{id}}' }, n: 1 },
      tokensFile: tokens,
      tokenCount: 3,
    });
  });

  it('is one field of the run config, with --target', () => {
    const config = resolveRunConfig({ transport: 'ws', clients: '3', target: 'ws://127.0.0.1:9/', path: '/live', query: ['id={{id}}'] });
    expect(config.handshake).toMatchObject({ path: '/live', query: [['id', '{{id}}']] });
  });

  it.each<[string, HandshakeFlagsInput, HandshakeContext, string[]]>([
    ['a path without /', { path: 'socket.io' }, socketio, ['--path', "must start with '/'", '"socket.io"']],
    ['a path with a query', { path: '/a?b=c' }, ws, ['--path', 'no query']],
    ['a templated path', { path: '/u/{{id}}' }, ws, ['--path', 'template']],
    ['a namespace without /', { namespace: 'chat' }, socketio, ['--namespace', "must start with '/'"]],
    ['a namespace on ws', { namespace: '/chat' }, ws, ['--namespace applies to --transport socketio only', 'ws']],
    ['auth on sockjs', { auth: '{}' }, sockjs, ['--auth applies to --transport socketio only', 'sockjs']],
    ['a query without =', { query: ['token'] }, ws, ['--query takes name=value', '"token"']],
    ['a query without a name', { query: ['=x'] }, ws, ['--query takes name=value']],
    ["engine.io's own query parameter", { query: ['EIO=3'] }, socketio, ['--query EIO', "engine.io's own"]],
    ['a header without a colon', { header: ['Authorization Bearer x'] }, ws, ['--header takes "Name: value"']],
    ['a header with a bad name', { header: ['Bad Name: x'] }, ws, ['--header takes "Name: value"']],
    ['a header the library sets', { header: ['Sec-WebSocket-Key: x'] }, ws, ['--header Sec-WebSocket-Key', 'set by the client library']],
    ['a cookie without =', { cookie: ['session'] }, ws, ['--cookie takes name=value']],
    ['a cookie value with a semicolon', { cookie: ['a=b;c'] }, ws, ['--cookie takes name=value', 'semicolons']],
    ['a cookie and a Cookie header', { cookie: ['a=b'], header: ['Cookie: c=d'] }, ws, ['--cookie and --header "Cookie: ..."']],
    ['auth that is not JSON', { auth: '{token:1}' }, socketio, ['--auth must be a JSON object', 'JSON']],
    ['auth that is a JSON array', { auth: '[1]' }, socketio, ['--auth must be a JSON object', 'got [1]']],
    ['auth on the 2020 stack', { auth: '{}' }, { ...socketio, stack: '2020' }, ['--auth', 'socket.io-client 2.3', '--query']],
    ['an unknown template', { header: ['X-User: {{user}}'] }, ws, ['--header X-User', 'unknown template {{user}}', '{{id}} and {{token}}']],
    ['an unknown template in auth', { auth: '{"a":{"b":"{{who}}"}}' }, socketio, ['--auth a.b', 'unknown template {{who}}']],
    ['{{token}} without a tokens file', { query: ['t={{token}}'] }, ws, ['--query t uses {{token}}', 'needs --tokens-file']],
    ['a tokens file nothing uses', { tokensFile: tokens, query: ['id={{id}}'] }, ws, ['--tokens-file is given but no', '{{token}}']],
    [
      'a tokens file that does not exist',
      { tokensFile: path.join(dir, 'none.txt'), query: ['t={{token}}'] },
      ws,
      ['--tokens-file', 'none.txt', 'cannot be read', 'ENOENT'],
    ],
    ['a tokens file of blank lines', { tokensFile: blank, query: ['t={{token}}'] }, ws, ['--tokens-file', 'blank.txt', 'holds no tokens']],
    [
      'headers with sockjs xhr transports',
      { header: ['X-A: b'] },
      sockjsPolling,
      ['--header', 'sockjs-client in Node', 'xhr-streaming and xhr-polling', '--query'],
    ],
    ['cookies with sockjs xhr transports', { cookie: ['a=b'] }, sockjsPolling, ['--cookie', 'sockjs-client in Node', '--sockjs-transports websocket']],
    ["--path against bench's own server", { path: '/x' }, { ...ws, benchServer: true }, ['--path', "bench's own echo servers", '--target']],
    ["--namespace against bench's own server", { namespace: '/x' }, { ...socketio, benchServer: true }, ['--namespace', '--target']],
  ])('refuses %s with one line naming the flag (exit 2)', (_name, input, context, parts) => {
    expectConfigError(() => resolveHandshake(input, context), ...parts);
  });

  it("takes headers, cookies and auth against bench's own servers: they only ride along", () => {
    expect(resolveRunConfig({ transport: 'socketio', clients: '2', header: ['X-A: 1'], auth: '{"a":"{{id}}"}' }).handshake).toMatchObject({
      headers: [['X-A', '1']],
    });
    expect(resolveRunConfig({ transport: 'sockjs', clients: '2', cookie: ['a=b'] }).handshake).toMatchObject({ cookies: [['a', 'b']] });
  });

  it('leaves --auth out of the cells of other transports in a sweep, and refuses it when no cell is socketio', () => {
    const runFlags = { auth: '{"t":"x"}' };
    expect(cellRunConfig({ runFlags }, 'ws', 2, dir)).not.toHaveProperty('handshake');
    expect(cellRunConfig({ runFlags }, 'socketio', 2, dir).handshake?.auth).toEqual({ t: 'x' });
    expectConfigError(
      () => validateCells({ grid: { transports: ['ws', 'sockjs'], clients: [2], repeat: 1 }, runFlags, outDir: dir }),
      '--auth applies to socketio cells',
    );
  });
});
