/**
 * A Socket.IO app on node:cluster: the primary forks WORKERS processes (default 2) that share one
 * listening port, each with its own Socket.IO server echoing `message`. The app a team runs when one
 * core is not enough, and the process tree bench must sample as a whole.
 *
 * Websocket only: node:cluster hands each new TCP connection to some worker, which is fine for a
 * websocket (one connection for the session's life) but not for polling, whose requests would land on
 * workers that do not know the session; that would need @socket.io/sticky, which this app does not use.
 *
 * Environment: PORT (default 3000; 0 picks one free port shared by every worker), HOST (default 127.0.0.1), WORKERS (default 2).
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

// After SIGTERM, a worker's connections still open this long are cut, so exit never waits on a client.
const CLOSE_GRACE_MS = 1_000;

function fail(message) {
  process.stderr.write(`cluster-app: ${message}\n`);
  process.exit(1);
}

function readInteger(name, fallback, min, max) {
  const text = process.env[name] ?? String(fallback);
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) fail(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return value;
}

function urlOf(host, port) {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const port = readInteger('PORT', 3000, 0, 65535);
const host = process.env.HOST || '127.0.0.1';

if (cluster.isPrimary) runPrimary();
else runWorker();

function runPrimary() {
  const workerCount = readInteger('WORKERS', 2, 1, 256);
  const running = new Set();
  let listening = 0;
  let stopping = false;
  let exitCode = 0;

  for (let i = 0; i < workerCount; i++) running.add(cluster.fork());

  // Every worker reports the same address: the primary holds the one listening socket and hands connections out.
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workerCount) process.stdout.write(`cluster-app listening on ${urlOf(host, address.port)} with ${workerCount} workers\n`);
  });

  cluster.on('exit', (worker, code, signal) => {
    running.delete(worker);
    if (!stopping) {
      // Nothing is restarted: a benchmark of a cluster that quietly lost a worker would measure something else.
      process.stderr.write(`cluster-app: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); stopping the others\n`);
      stopAll(1);
    }
    if (running.size === 0) process.exit(exitCode);
  });

  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of running) worker.process.kill('SIGTERM');
  }
  process.on('SIGTERM', () => stopAll(0));
  process.on('SIGINT', () => stopAll(0));
}

function runWorker() {
  const httpServer = createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the Socket.IO endpoint is /socket.io (websocket only)\n');
  });
  const io = new Server(httpServer, { serveClient: false, transports: ['websocket'] });
  io.on('connection', (socket) => {
    socket.on('message', (payload) => socket.emit('message', payload));
    // Which process serves this socket: lets a test (or a curious user) see the connections spread over the workers.
    socket.on('worker pid', (ack) => typeof ack === 'function' && ack(process.pid));
  });
  httpServer.on('error', (error) => fail(`worker ${process.pid} cannot listen on ${urlOf(host, port)}: ${error.message}`));
  httpServer.listen(port, host);

  let closing = false;
  function shutDown() {
    if (closing) return;
    closing = true;
    io.close(() => process.exit(0));
    setTimeout(() => httpServer.closeAllConnections(), CLOSE_GRACE_MS).unref();
  }
  // The primary forwards SIGTERM; a kill of the whole process group sends it here directly as well.
  process.on('SIGTERM', shutDown);
  process.on('SIGINT', shutDown);
}
