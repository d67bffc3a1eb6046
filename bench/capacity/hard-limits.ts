/**
 * The machine's hard limits a capacity search must not probe past: the open-file limit and the
 * ephemeral ports (the run preflight's own checks) and memory (the last passing probe's server
 * and client memory per connection, projected). Each names the limit and the fix.
 */
import { freemem } from 'node:os';
import { EnvironmentError } from '../errors.js';
import type { RunConfig } from '../config/run-config.js';
import { runPreflight } from '../run/preflight.js';
import type { RunSummary } from '../summary/run-summary-types.js';

/** Share of the free memory a probe may be projected to use. */
const MEMORY_SHARE = 0.8;

/** Memory per connection a probe projects from a measured run: the server's and the load generator's, in bytes. */
function bytesPerClient(summary: RunSummary): number | null {
  const server = summary.server?.steadyRssBytes;
  if (server === null || server === undefined || summary.connected === 0) return null;
  return server / summary.connected + (summary.loadGenerator.clientBytesPerConnection ?? 0);
}

/** The hard limit `config` would cross, as one sentence, or null when the machine can hold it. */
export function hardLimitFor(config: RunConfig, lastMeasured: RunSummary | null, freeBytes = freemem()): string | null {
  try {
    runPreflight(config);
  } catch (error) {
    if (error instanceof EnvironmentError) return error.message;
    throw error;
  }
  const perClient = lastMeasured ? bytesPerClient(lastMeasured) : null;
  if (perClient !== null && perClient * config.clients > freeBytes * MEMORY_SHARE) {
    const neededMb = Math.round((perClient * config.clients) / 1e6);
    return `memory: ${config.clients} clients would need about ${neededMb} MB (server and clients) but ${Math.round(freeBytes / 1e6)} MB is free; free memory or lower --max-clients`;
  }
  return null;
}

/**
 * The largest client count above `low` and below `over` (which crosses a limit) that the machine
 * can hold, found by bisection over hardLimitFor; `low` when none can.
 */
export function largestWithinLimits(
  configFor: (clients: number) => RunConfig,
  low: number,
  over: number,
  lastMeasured: RunSummary | null,
  freeBytes = freemem(),
): number {
  let fits = low;
  let crosses = over;
  while (crosses - fits > 1) {
    const middle = Math.floor((fits + crosses) / 2);
    if (hardLimitFor(configFor(middle), lastMeasured, freeBytes) === null) fits = middle;
    else crosses = middle;
  }
  return fits;
}
