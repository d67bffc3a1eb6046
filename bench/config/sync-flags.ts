/** --redis-url, --adapter and --node-id of `bench server`: how one server syncs its rooms with others through Redis. */
import { ConfigError } from '../errors.js';
import { parseChoice, parseUrl, parseWholeNumber } from './flag-parsers.js';
import type { ServerOptions } from '../../protocol/messages.js';
import type { StackName } from '../../protocol/stacks.js';
import type { TransportName } from '../../protocol/transports.js';
import { adapterServes, adaptersOf, brokerOf, defaultAdapter, SYNC_ADAPTERS } from '../../protocol/sync-adapters.js';

/** The flags as the CLI received them. */
export interface SyncFlagsInput {
  redisUrl?: string;
  adapter?: string;
  nodeId?: string;
}

/** ServerOptions.sync from the flags: null without --redis-url; a usage error for a contradiction. */
export function resolveSyncFlags(input: SyncFlagsInput, transport: TransportName, stack: StackName): ServerOptions['sync'] {
  if (input.redisUrl === undefined) {
    const stray = input.adapter !== undefined ? '--adapter' : input.nodeId !== undefined ? '--node-id' : null;
    if (stray !== null) throw new ConfigError(`${stray} configures sync through Redis, so it needs --redis-url, e.g. --redis-url redis://127.0.0.1:6379`);
    return null;
  }
  if (stack !== 'current') {
    throw new ConfigError(
      `--redis-url: sync through Redis runs on the current stack only (bench carries one adapter generation, for today's socket.io, and tests it with no other release); drop --stack ${stack} or --redis-url`,
    );
  }
  const redisUrl = parseUrl('--redis-url', input.redisUrl, ['redis:']).toString();
  const adapter = input.adapter === undefined ? defaultAdapter(transport) : parseChoice('--adapter', input.adapter, SYNC_ADAPTERS);
  if (!adapterServes(adapter, transport)) {
    throw new ConfigError(`--adapter ${adapter} does not serve the ${transport} transport; use ${adaptersOf(transport).join(' or ')}`);
  }
  if (brokerOf(adapter) !== 'redis') {
    throw new ConfigError(
      `--adapter ${adapter}: bench server syncs through Redis (--redis-url); the ${adapter} adapter runs with bench run --nodes, which starts its broker; use ${adaptersOf(
        transport,
      )
        .filter((each) => brokerOf(each) === 'redis')
        .join(' or ')}`,
    );
  }
  const nodeId = input.nodeId === undefined ? 0 : parseWholeNumber('--node-id', input.nodeId, 0, 1023);
  return { brokerUrl: redisUrl, adapter, nodeId };
}
