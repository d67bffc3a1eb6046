/**
 * Socket.IO nodes synced through node:cluster: @socket.io/cluster-adapter sends each broadcast to
 * the primary over the worker's IPC channel, and the primary (servers/cluster-primary.ts) hands it
 * to every other worker. No broker: the primary process is the relay.
 */
import cluster from 'node:cluster';
import { loadPackage } from '../protocol/load-library.js';
import type { SyncLink } from './sync-types.js';

/** Builds the adapter; only a node:cluster worker has a primary to relay through. */
export async function connectClusterSync(): Promise<SyncLink> {
  if (!cluster.isWorker) throw new Error('the cluster adapter needs a node:cluster worker; this server was not forked by a cluster primary');
  const adapter = await loadPackage('@socket.io/cluster-adapter');
  const createAdapter = adapter.value.createAdapter as () => unknown;
  return { socketioAdapter: createAdapter(), relay: null, libraries: adapter.libraries, close: async () => undefined };
}
