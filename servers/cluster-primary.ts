/**
 * Entry point of the node:cluster primary of a run with --adapter cluster. It forks each node as a
 * cluster worker running the usual server process, relays the adapter's messages between workers
 * (@socket.io/cluster-adapter's setupPrimary), and passes everything else between bench and the
 * node it belongs to. With SCHED_NONE each worker accepts its own connections on its own port;
 * the primary only holds the listening sockets it handed over.
 */
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackage } from '../protocol/load-library.js';
import type { ParentToPrimary, ParentToServer, PrimaryToParent, ServerToParent } from '../protocol/messages.js';

/** The adapter's own messages carry this source; setupPrimary relays them, bench does not see them. */
const ADAPTER_MESSAGE_SOURCE = '_sio_adapter';

const SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-process.js');

function sendToParent(message: PrimaryToParent): void {
  process.send?.(message);
}

const workers = new Map<number, Worker>();
/** bench's messages for a worker that has not yet said it hears them. */
const heldFor = new Map<number, ParentToServer[]>();

function passOn(index: number, message: ParentToServer): void {
  const held = heldFor.get(index);
  if (held !== undefined) held.push(message);
  else workers.get(index)?.send(message);
}

function fork(index: number, execArgv: string[]): void {
  cluster.setupPrimary({ exec: SERVER_SCRIPT, execArgv, silent: true });
  const worker = cluster.fork();
  workers.set(index, worker);
  heldFor.set(index, []);
  worker.process.stderr?.setEncoding('utf8').on('data', (text: string) => sendToParent({ type: 'node-stderr', index, text }));
  worker.process.stdout?.resume();
  worker.on('online', () => sendToParent({ type: 'node-forked', index, pid: worker.process.pid ?? -1 }));
  worker.on('message', (message: ServerToParent & { source?: unknown }) => {
    if (message?.source === ADAPTER_MESSAGE_SOURCE) return;
    if (message.type === 'server-ready') {
      for (const held of heldFor.get(index) ?? []) worker.send(held);
      heldFor.delete(index);
      return;
    }
    sendToParent({ type: 'node-message', index, message });
  });
  worker.on('exit', (code, signal) => {
    if (workers.get(index) === worker) {
      workers.delete(index);
      heldFor.delete(index);
    }
    sendToParent({ type: 'node-exit', index, code, signal: (signal as NodeJS.Signals | null) ?? null });
  });
}

async function main(): Promise<void> {
  // Before the first fork: each worker accepts on its own port instead of the primary handing connections round.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const adapter = await loadPackage('@socket.io/cluster-adapter');
  (adapter.value.setupPrimary as () => void)();
  process.on('message', (message: ParentToPrimary) => {
    if (message.type === 'primary-fork') fork(message.index, message.execArgv);
    else passOn(message.index, message.message);
  });
  sendToParent({ type: 'primary-ready', libraries: adapter.libraries });
}

// No orphans: without bench the run is over, and the workers go with their primary.
process.on('disconnect', () => {
  for (const worker of workers.values()) worker.process.kill('SIGKILL');
  process.exit(0);
});
process.on('SIGTERM', () => process.emit('disconnect'));
// Ctrl-C reaches the whole process group; bench decides when the topology stops.
process.on('SIGINT', () => undefined);

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
