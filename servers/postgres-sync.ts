/**
 * Socket.IO nodes synced through PostgreSQL: @socket.io/postgres-adapter over a pg pool. The
 * adapter publishes with NOTIFY (payloads over 8,000 bytes go through its attachments table) and
 * listens on one pooled client, which it reconnects by itself after an outage.
 */
import { loadPackage } from '../protocol/load-library.js';
import type { ServerSync } from '../protocol/messages.js';
import { BROKER_CONNECT_TIMEOUT_MS, brokerUrlOf, closeWithinBound, withinTime, type SyncLink } from './sync-types.js';

/** The adapter's table for payloads over NOTIFY's limit, as its README creates it. */
const ATTACHMENTS_TABLE = `CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT NOW(),
  payload bytea
)`;

/** PostgreSQL's codes for a table or its type made at the same moment by another session. */
const CREATED_CONCURRENTLY = new Set(['23505', '42P07']);

/**
 * Makes the attachments table. Every node starts at once, and CREATE TABLE IF NOT EXISTS is not
 * safe against a concurrent one: the loser fails on the catalog's unique index. Made by another
 * node is made.
 */
async function createAttachmentsTable(pool: PgPool): Promise<void> {
  try {
    await pool.query(ATTACHMENTS_TABLE);
  } catch (error) {
    if (!CREATED_CONCURRENTLY.has(String((error as { code?: unknown }).code))) throw error;
  }
}

/** An error handler that writes its first error to stderr, and is silent after it. */
function firstErrorOnly(source: string): (error: Error) => void {
  let said = false;
  return (error) => {
    if (said) return;
    said = true;
    process.stderr.write(`${source}: ${error.message.split('\n')[0]} (further errors of it not shown)\n`);
  };
}

/** What this file uses of a pg client and pool. */
interface PgClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  listenerCount(event: string): number;
  release?(error?: Error): void;
}
interface PgPool {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'connect', listener: (client: PgClient) => void): unknown;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}
type PoolClass = new (options: { connectionString: string; connectionTimeoutMillis: number; max: number }) => PgPool;

/** Connects a pool to PostgreSQL, makes the attachments table and builds the adapter. */
export async function connectPostgresSync(sync: ServerSync): Promise<SyncLink> {
  const url = brokerUrlOf(sync);
  const pg = await loadPackage('pg');
  // pg is CommonJS whose exports Node cannot list statically: its Pool is on the default export.
  const Pool = ((pg.value.default ?? pg.value) as { Pool: PoolClass }).Pool;
  // The adapter holds one client for LISTEN and takes others for NOTIFY; a few suffice.
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: BROKER_CONNECT_TIMEOUT_MS, max: 4 });
  // An outage is measured, not fatal: pg emits a lost connection on the pool (idle clients) and on
  // each checked-out client, and the adapter listens for neither, so without these the node would die.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // The adapter takes a new client for LISTEN when its old one ends, but never gives the old one
    // back: each outage would cost the pool a slot, and pool.end() would wait for it for ever.
    client.on('end', () => {
      if (client.listenerCount('notification') === 0) return;
      try {
        client.release?.(new Error('the LISTEN connection ended'));
      } catch {
        // Already given back.
      }
    });
  });
  try {
    await withinTime(createAttachmentsTable(pool), BROKER_CONNECT_TIMEOUT_MS, `did not answer within ${BROKER_CONNECT_TIMEOUT_MS / 1000} s`);
  } catch (error) {
    await closeWithinBound(pool.end());
    throw new Error(`PostgreSQL at ${url}: ${error instanceof Error ? error.message : String(error)}; is the server up, and the URL right?`);
  }
  const adapter = await loadPackage('@socket.io/postgres-adapter');
  const createAdapter = adapter.value.createAdapter as (pool: PgPool, options: { errorHandler: (error: Error) => void; payloadThreshold: number }) => unknown;
  return {
    socketioAdapter: createAdapter(pool, {
      // Its errors while PostgreSQL is down are the outage the run measures: the first one is said, not each.
      errorHandler: firstErrorOnly('postgres adapter'),
      // NOTIFY takes fewer than 8,000 bytes, and the adapter's default threshold sends a payload of
      // exactly 8,000 that way, where it is refused and lost; one byte lower goes through its table.
      payloadThreshold: 7999,
    }),
    relay: null,
    closeAdaptersFirst: true,
    libraries: [...pg.libraries, ...adapter.libraries],
    close: () => closeWithinBound(pool.end()),
  };
}
