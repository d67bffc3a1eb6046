/** What `bench server` does: start the echo server, print its URL, and stop it on SIGINT/SIGTERM. */
import { startEchoServer, ListenError, SyncError } from '../../servers/echo-server.js';
import { BindError, ComponentError, ConfigError } from '../errors.js';
import { resolveServerOptions, type ServerOptionsInput } from '../config/server-config.js';
import { refuseServerThisNodeCannotRun } from '../config/stack-flag.js';
import { serverUrl } from '../../protocol/transports.js';
import { runUntilStopSignal } from './interrupt.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';

export async function serve(input: ServerOptionsInput): Promise<CommandOutcome> {
  const options = resolveServerOptions(input);
  refuseServerThisNodeCannotRun(options.stack, options.transport);
  let server;
  try {
    server = await startEchoServer(options);
  } catch (error) {
    if (error instanceof ListenError && error.code === 'EADDRINUSE') {
      throw new ConfigError(`--port ${options.port} is already in use on ${options.host}; pick another port or 0 for any free one`);
    }
    if (error instanceof SyncError) throw new ComponentError(`--redis-url: ${error.message}`);
    if (error instanceof ListenError) throw new BindError(`${error.message}; check --host and --port`);
    throw error;
  }
  process.stdout.write(`${serverUrl(options.transport, options.host, server.port)}\n`);
  const running = server;
  await runUntilStopSignal(() => running.close());
  return { exitCode: ExitCode.ok };
}
