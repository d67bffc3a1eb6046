import { describe, expect, it } from 'vitest';
import { handshakeUrl, HandshakeTemplates, namespaceUrl } from '../../../clients/handshake.js';
import type { HandshakeConfig } from '../../../protocol/handshake.js';
import { splitTemplate, tokenLines } from '../../../protocol/handshake.js';

const NONE: HandshakeConfig = { path: null, namespace: null, query: [], headers: [], cookies: [], auth: null, tokensFile: null, tokenCount: 0 };

describe('templates', () => {
  it('split into literal text and names, spaces inside the braces allowed', () => {
    expect(splitTemplate('Bearer {{ token }}!{{id}}')).toEqual(['Bearer ', { name: 'token' }, '!', { name: 'id' }]);
    expect(splitTemplate('plain {text}')).toEqual(['plain {text}']);
    expect(splitTemplate('')).toEqual([]);
  });

  it('read tokens one per line, trimmed, blank lines skipped', () => {
    expect(tokenLines('a\r\n\n  b \n\t\nc')).toEqual(['a', 'b', 'c']);
    expect(tokenLines('\n \n')).toEqual([]);
  });
});

describe('HandshakeTemplates', () => {
  const tokens = ['t0', 't1', 't2'];
  const templates = new HandshakeTemplates(
    {
      ...NONE,
      path: '/app',
      namespace: '/chat',
      query: [
        ['room', 'lobby'],
        ['client', 'c{{id}}'],
      ],
      headers: [['Authorization', 'Bearer {{token}}']],
      cookies: [
        ['session', '{{token}}'],
        ['lang', 'en'],
      ],
      auth: { token: '{{token}}', user: { id: '{{id}}', tags: ['x', '{{id}}-{{token}}'] }, n: 1, ok: true },
    },
    tokens,
  );

  it("expands {{id}} to the client's global id and {{token}} to line id mod lines", () => {
    expect(templates.forClient(4)).toEqual({
      path: '/app',
      namespace: '/chat',
      query: { room: 'lobby', client: 'c4' },
      headers: { Authorization: 'Bearer t1', Cookie: 'session=t1; lang=en' },
      auth: { token: 't1', user: { id: '4', tags: ['x', '4-t1'] }, n: 1, ok: true },
    });
    expect(templates.forClient(2).headers).toEqual({ Authorization: 'Bearer t2', Cookie: 'session=t2; lang=en' });
    expect(templates.forClient(3).auth?.token).toBe('t0');
  });

  it('gives each client its own objects where a value has a template', () => {
    const first = templates.forClient(0);
    expect(templates.forClient(1).headers).not.toBe(first.headers);
    expect(first.headers?.Authorization).toBe('Bearer t0');
  });

  it('shares one object between clients where no value has a template', () => {
    const constant = new HandshakeTemplates({ ...NONE, query: [['a', 'b']], headers: [['X-A', '1']], auth: { a: { b: ['c'] } } }, []);
    const [first, second] = [constant.forClient(0), constant.forClient(7)];
    expect(second.query).toBe(first.query);
    expect(second.headers).toBe(first.headers);
    expect(second.auth).toBe(first.auth);
    expect(first).toEqual({ path: null, namespace: null, query: { a: 'b' }, headers: { 'X-A': '1' }, auth: { a: { b: ['c'] } } });
  });

  it('gives nulls where no flag was given', () => {
    expect(new HandshakeTemplates(NONE, []).forClient(0)).toEqual({ path: null, namespace: null, query: null, headers: null, auth: null });
  });

  it('expands 10,000 clients in well under a second (a worker compiles once, then concatenates)', () => {
    const started = performance.now();
    for (let client = 0; client < 10_000; client += 1) templates.forClient(client);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('URLs', () => {
  const client = { path: '/live', namespace: '/chat', query: { token: 'a b&c', id: '3' }, headers: null, auth: null };

  it('replace the ws / SockJS URL path with --path and add the query, encoded, to the one the URL has', () => {
    expect(handshakeUrl('ws://127.0.0.1:9/echo?x=1', client)).toBe('ws://127.0.0.1:9/live?x=1&token=a+b%26c&id=3');
    expect(handshakeUrl('http://127.0.0.1:9/echo', { ...client, path: null, query: null })).toBe('http://127.0.0.1:9/echo');
    expect(handshakeUrl('ws://127.0.0.1:9/', null)).toBe('ws://127.0.0.1:9/');
  });

  it("put the Socket.IO namespace in the URL's path", () => {
    expect(namespaceUrl('http://127.0.0.1:9/', client)).toBe('http://127.0.0.1:9/chat');
    expect(namespaceUrl('http://127.0.0.1:9/', { ...client, namespace: null })).toBe('http://127.0.0.1:9/');
  });
});
