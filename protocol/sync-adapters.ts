/** The Redis adapters a synced server can use, and which transport each serves. */
import type { TransportName } from './transports.js';

/** Every adapter: socket.io's own two, and bench's relay over Redis pub/sub for ws and sockjs. */
export const SYNC_ADAPTERS = ['redis', 'redis-streams', 'relay'] as const;
/** One of the Redis adapters a synced server can use (ServerOptions.sync.adapter). */
export type SyncAdapter = (typeof SYNC_ADAPTERS)[number];

/** What each adapter is, as the flags' help names it. */
const ADAPTER_DESCRIPTIONS: Readonly<Record<SyncAdapter, string>> = {
  redis: '@socket.io/redis-adapter',
  'redis-streams': '@socket.io/redis-streams-adapter',
  relay: "bench's relay over Redis pub/sub",
};

/** The adapter a transport uses when none is named: @socket.io/redis-adapter for socketio, the relay for the others. */
export function defaultAdapter(transport: TransportName): SyncAdapter {
  return transport === 'socketio' ? 'redis' : 'relay';
}

/** Whether `adapter` serves `transport`. */
export function adapterServes(adapter: SyncAdapter, transport: TransportName): boolean {
  return transport === 'socketio' ? adapter !== 'relay' : adapter === 'relay';
}

/** The adapters that serve `transport`, as a flag's error lists them. */
export function adaptersOf(transport: TransportName): SyncAdapter[] {
  return SYNC_ADAPTERS.filter((adapter) => adapterServes(adapter, transport));
}

/** The adapters that serve `transport` as a flag's help lists them: "redis (@socket.io/redis-adapter) or redis-streams (...)". */
export function adapterChoices(transport: TransportName): string {
  return adaptersOf(transport)
    .map((adapter) => `${adapter} (${ADAPTER_DESCRIPTIONS[adapter]})`)
    .join(' or ');
}
