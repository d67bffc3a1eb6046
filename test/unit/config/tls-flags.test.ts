import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTls } from '../../../bench/config/tls-flags.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bench-tls-flags-'));
const notPem = path.join(dir, 'not.pem');
writeFileSync(notPem, 'hello\n');
const brokenPem = path.join(dir, 'broken.pem');
writeFileSync(brokenPem, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
const goodPem = path.join(dir, 'ca.pem');

beforeAll(async () => {
  const { makeRunCertificate } = await import('../../../bench/run/run-certificate.js');
  writeFileSync(goodPem, (await makeRunCertificate()).caPem);
});

describe('resolveTls', () => {
  it('is null on a plain run without any of the flags', () => {
    expect(resolveTls({})).toBeNull();
    expect(resolveTls({ target: 'ws://127.0.0.1:9/' })).toBeNull();
  });

  it("--tls trusts the run's CA, --tls --insecure any certificate; a wss:// target without flags Node's own roots", () => {
    expect(resolveTls({ tls: true })).toEqual({ serve: true, trust: 'run-ca', caFile: null });
    expect(resolveTls({ tls: true, insecure: true })).toEqual({ serve: true, trust: 'any', caFile: null });
    expect(resolveTls({ target: 'wss://127.0.0.1:9/' })).toEqual({ serve: false, trust: 'system', caFile: null });
    expect(resolveTls({ target: 'https://127.0.0.1:9/', insecure: true })).toEqual({ serve: false, trust: 'any', caFile: null });
  });

  it('--ca with a wss:// target records its absolute path once the file holds a PEM certificate', () => {
    const relative = path.relative(process.cwd(), goodPem);
    expect(resolveTls({ target: 'https://127.0.0.1:9/', ca: relative })).toEqual({ serve: false, trust: 'ca-file', caFile: goodPem });
  });

  it('refuses every contradiction and every bad --ca file in one line naming the flag', () => {
    const target = 'wss://127.0.0.1:9/';
    expectConfigError(() => resolveTls({ target, ca: goodPem, insecure: true }), '--ca', '--insecure', 'not both');
    expectConfigError(() => resolveTls({ tls: true, target }), '--tls', '--target');
    expectConfigError(() => resolveTls({ tls: true, agent: 'http://box:7777' }), '--tls', '--agent');
    expectConfigError(() => resolveTls({ tls: true, ca: goodPem }), '--ca', '--tls', 'ca.pem');
    expectConfigError(() => resolveTls({ ca: goodPem }), '--ca', 'plain HTTP', '--tls');
    expectConfigError(() => resolveTls({ insecure: true }), '--insecure', 'plain HTTP');
    expectConfigError(() => resolveTls({ target: 'ws://127.0.0.1:9/', insecure: true }), '--insecure', '--target ws://127.0.0.1:9/ is plain');
    expectConfigError(() => resolveTls({ target: 'http://127.0.0.1:9/', ca: goodPem }), '--ca', 'is plain');
    expectConfigError(() => resolveTls({ target, ca: path.join(dir, 'missing.pem') }), '--ca', 'missing.pem', 'ENOENT');
    expectConfigError(() => resolveTls({ target, ca: dir }), '--ca', 'EISDIR');
    expectConfigError(() => resolveTls({ target, ca: notPem }), '--ca', 'not.pem', 'not a PEM certificate');
    expectConfigError(() => resolveTls({ target, ca: brokenPem }), '--ca', 'broken.pem', 'cannot be read');
  });

  it("is part of the run's config, absent on a plain run so that run.json stays as it was", () => {
    expect(resolveRunConfig({ transport: 'ws', clients: '1' })).not.toHaveProperty('tls');
    expect(resolveRunConfig({ transport: 'sockjs', clients: '1', tls: true }).tls).toEqual({ serve: true, trust: 'run-ca', caFile: null });
    expectConfigError(() => resolveRunConfig({ transport: 'sockjs', clients: '1', target: 'http://127.0.0.1:9/echo', insecure: true }), '--insecure');
  });
});
