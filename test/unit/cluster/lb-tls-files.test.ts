import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nginxComponent, nginxConfig, type LoadBalancerSettings } from '../../../bench/cluster/nginx-component.js';
import { haproxyComponent, haproxyConfig } from '../../../bench/cluster/haproxy-component.js';
import { removeLoadBalancerTlsFiles } from '../../../bench/cluster/lb-tls-files.js';

const tls = {
  certPem: '-----BEGIN CERTIFICATE-----\nleaf\n-----END CERTIFICATE-----\n',
  keyPem: '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n',
};
const plain: LoadBalancerSettings = { port: 20000, nodePorts: [20001, 20002], sticky: true, workers: 1, fileLimit: 4096, failover: false };

describe('load balancer TLS files', () => {
  it('nginx listens with ssl on the files it is given; without tls its config is what it was', () => {
    const runDir = '/runs/r1';
    expect(nginxConfig(plain, runDir, false)).not.toContain('ssl');
    const config = nginxConfig({ ...plain, tls }, runDir, false);
    expect(config).toContain('listen 127.0.0.1:20000 ssl reuseport backlog=4096;');
    expect(config).toContain('ssl_certificate /runs/r1/lb-tls-cert.pem;');
    expect(config).toContain('ssl_certificate_key /runs/r1/lb-tls-key.pem;');
    // The nodes behind it stay plain.
    expect(config).toContain('proxy_pass http://bench_nodes;');
  });

  it('HAProxy binds with ssl crt on one file holding certificate and key', () => {
    expect(haproxyConfig(plain, '/runs/r1')).not.toContain('ssl');
    expect(haproxyConfig({ ...plain, tls }, '/runs/r1')).toContain('bind 127.0.0.1:20000 ssl crt /runs/r1/lb-tls.pem');
  });

  it('the files are written with mode 0600 before the balancer starts and removed after', () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'bench-lb-tls-'));
    nginxComponent({ ...plain, tls }, runDir).prepare?.(runDir);
    haproxyComponent({ ...plain, tls }, runDir).prepare?.(runDir);
    for (const name of ['lb-tls-cert.pem', 'lb-tls-key.pem', 'lb-tls.pem']) expect(statSync(path.join(runDir, name)).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(runDir, 'lb-tls.pem'), 'utf8')).toBe(`${tls.certPem}${tls.keyPem}`);
    removeLoadBalancerTlsFiles(runDir);
    for (const name of ['lb-tls-cert.pem', 'lb-tls-key.pem', 'lb-tls.pem']) expect(existsSync(path.join(runDir, name))).toBe(false);
  });
});
