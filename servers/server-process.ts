/**
 * Entry point of the server child process. It waits for its options over IPC, listens, reports
 * its port, and reports heapUsed and its connection count every stats interval.
 */
import cluster from 'node:cluster';
import { performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import type { ParentToServer, ServerOptions, ServerToParent } from '../protocol/messages.js';
import { startEchoServer, type RunningEchoServer } from './echo-server.js';

function sendToParent(message: ServerToParent): void {
  process.send?.(message);
}

let server: RunningEchoServer | null = null;

function reportStats(): void {
  if (!server) return;
  const memory = process.memoryUsage();
  sendToParent({ type: 'server-stats', heapUsedBytes: memory.heapUsed, externalBytes: memory.external, connections: server.openConnections() });
}

function heapSnapshot(path: string): void {
  const startedAt = performance.now();
  try {
    writeHeapSnapshot(path);
    sendToParent({ type: 'server-heap-snapshot-done', path, ms: performance.now() - startedAt, error: null });
  } catch (error) {
    sendToParent({ type: 'server-heap-snapshot-done', path, ms: performance.now() - startedAt, error: error instanceof Error ? error.message : String(error) });
  }
}

async function start(options: ServerOptions): Promise<void> {
  try {
    server = await startEchoServer(options);
  } catch (error) {
    sendToParent({ type: 'server-failed', message: error instanceof Error ? error.message : String(error) });
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  sendToParent({ type: 'server-listening', host: server.host, port: server.port, pid: process.pid, libraries: server.libraries });
  reportStats();
}

async function stop(): Promise<void> {
  const closing = server?.close() ?? Promise.resolve();
  // A server that cannot close its connections in time is ended anyway: the run is over.
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 3000))]);
  process.exit(0);
}

process.on('message', (message: ParentToServer) => {
  switch (message.type) {
    case 'server-start':
      void start(message.options);
      break;
    case 'server-gc': {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      sendToParent({ type: 'server-gc-done' });
      break;
    }
    case 'server-stats-request':
      reportStats();
      break;
    case 'server-heap-snapshot':
      heapSnapshot(message.path);
      break;
    case 'server-usage-request':
      if (server) sendToParent({ type: 'server-usage', usage: server.usage() });
      break;
    case 'server-stop':
      void stop();
      break;
    case 'server-drain': {
      const closed = server?.openConnections() ?? 0;
      server?.drop();
      sendToParent({ type: 'server-drained', closed });
      break;
    }
  }
});

// A node:cluster worker's channel is read from its start, before this module listens: its primary
// holds bench's messages until this says it hears them.
if (cluster.isWorker) sendToParent({ type: 'server-ready' });

// No orphans: when the parent goes away, so does the server.
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
// Ctrl-C reaches the whole process group; the parent decides when its server stops.
process.on('SIGINT', () => undefined);
