/**
 * One echo server spread over several processes sharing one port (node:cluster), for a target
 * that must hold more connections than one process's open-file limit allows. Used by
 * sharded-netns-run.ts; not a bench command. Prints the URL once every process listens, the total
 * of open connections every second on stderr, and the largest total on SIGTERM.
 *
 *   node dist/scripts/cluster-echo-server.js <processes> <host>
 */
import cluster from 'node:cluster';
import { startEchoServer } from '../servers/echo-server.js';

type FromWorker = { type: 'listening'; port: number } | { type: 'connections'; count: number };

async function runWorker(host: string): Promise<void> {
  const server = await startEchoServer({
    transport: 'ws',
    stack: 'current',
    host,
    port: 0,
    perMessageDeflate: false,
    mode: 'echo',
    payloadBytes: 32,
    injectDelayMs: 0,
    injectRetainKb: 0,
    sync: null,
  });
  process.send?.({ type: 'listening', port: server.port } satisfies FromWorker);
  setInterval(() => process.send?.({ type: 'connections', count: server.openConnections() } satisfies FromWorker), 1000);
}

function runPrimary(processes: number, host: string): void {
  const counts = new Map<number, number>();
  let listening = 0;
  let largest = 0;
  for (let index = 0; index < processes; index += 1) {
    const worker = cluster.fork();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'listening' && ++listening === processes) process.stdout.write(`ws://${host}:${message.port}/\n`);
      if (message.type === 'connections') {
        counts.set(worker.id, message.count);
        const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
        largest = Math.max(largest, total);
      }
    });
  }
  process.on('SIGTERM', () => {
    process.stderr.write(`largest total of open connections: ${largest} over ${processes} processes\n`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
}

const [processesText = '2', host = '0.0.0.0'] = process.argv.slice(2);
if (cluster.isPrimary) runPrimary(Number(processesText), host);
else void runWorker(host);
