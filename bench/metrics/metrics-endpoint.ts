/**
 * The HTTP endpoint of --metrics-port: GET /metrics answers the run's live metrics as OpenMetrics
 * text. It listens before the run starts, so a port in use stops bench before anything else does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BindError } from '../errors.js';
import type { MetricsOptions } from '../config/metrics-flags.js';
import { RunMetrics } from './run-metrics.js';

/** A listening endpoint and the metrics it serves. */
export interface MetricsEndpoint {
  /** http://host:port/metrics */
  url: string;
  metrics: RunMetrics;
  /** Stops listening and ends open scrapes' connections. */
  close(): Promise<void>;
}

function listen(server: Server, options: MetricsOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A listen error as the flag to change: the port in use, or an address this machine does not have. */
function bindErrorOf(error: unknown, options: MetricsOptions): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return new BindError(`--metrics-port ${options.port} is already in use on ${options.host}; pick another port or 0 for any free one`);
  if (code === 'EACCES')
    return new BindError(`--metrics-port ${options.port} needs privileges on ${options.host}; pick a port from 1024, or 0 for any free one`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new BindError(`--metrics-host ${options.host} is not an address of this machine (${code}); give one it has, e.g. 127.0.0.1`);
  return error;
}

/** Starts listening; throws a BindError naming the flag when it cannot. */
export async function startMetricsEndpoint(options: MetricsOptions): Promise<MetricsEndpoint> {
  const metrics = new RunMetrics();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${String(error)}\n`),
    );
  });
  try {
    await listen(server, options);
  } catch (error) {
    throw bindErrorOf(error, options);
  }
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/metrics`,
    metrics,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
