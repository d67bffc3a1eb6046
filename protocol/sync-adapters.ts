/** The Redis adapters a synced server can use, and which transport each serves. */
import type { SyncAdapter } from './messages.js';
import type { TransportName } from './transports.js';

/** Every adapter: socket.io's own two, and bench's relay over Redis pub/sub for ws and sockjs. */
export const SYNC_ADAPTERS: readonly SyncAdapter[] = ['redis', 'redis-streams', 'relay'];

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
