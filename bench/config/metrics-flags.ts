/** --metrics-port and --metrics-host, checked before anything starts. No metrics library is loaded here. */
import { ConfigError } from '../errors.js';
import { parseWholeNumber } from './flag-parsers.js';

/** Where the live metrics endpoint listens. */
export interface MetricsOptions {
  /** 0: any free port. */
  port: number;
  host: string;
}

/** The address the endpoint binds unless --metrics-host says otherwise: the metrics describe this machine's run, not a service. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

/** The flags as commander hands them over. */
export interface MetricsFlagsInput {
  metricsPort?: string;
  metricsHost?: string;
}

/** The endpoint's options, or null when no --metrics-port was given. */
export function resolveMetricsFlags(flags: MetricsFlagsInput): MetricsOptions | null {
  if (flags.metricsPort === undefined) {
    if (flags.metricsHost !== undefined) throw new ConfigError('--metrics-host says where the metrics endpoint listens, so it needs --metrics-port');
    return null;
  }
  const host = flags.metricsHost ?? DEFAULT_METRICS_HOST;
  if (host.trim() === '') throw new ConfigError('--metrics-host must be an address, e.g. 127.0.0.1 or 0.0.0.0; got ""');
  return { port: parseWholeNumber('--metrics-port', flags.metricsPort, 0, 65_535), host };
}
