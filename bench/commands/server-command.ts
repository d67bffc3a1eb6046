/** `bench server`: one echo server on its own, for a target box. */
import type { Command } from 'commander';
import { startEchoServer, ListenError } from '../../servers/echo-server.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { resolveServerOptions, type ServerOptionsInput } from '../config/server-config.js';
import { serverUrl, transportChoices } from '../../protocol/transports.js';
import { stackChoices } from '../../protocol/stacks.js';
import { runUntilStopSignal } from './interrupt.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';

/** Adds the server command; `finish` receives its exit code once it stops. */
export function registerServerCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('server')
    .description('run one echo server until SIGINT/SIGTERM; prints its URL on stdout')
    .option('-t, --transport <name>', `${transportChoices()} (required)`)
    .option('--stack <name>', `library versions the server loads: ${stackChoices()} (default: current)`)
    .option('--host <address>', 'address to bind (default: 127.0.0.1)')
    .option('--port <n>', 'port to listen on; 0 lets the OS choose (default: 0)')
    .option('--per-message-deflate', 'enable per-message deflate (ws, socketio) (default: off)')
    .option('--mode <mode>', 'echo: echo each message; push: send one message at accept (default: echo)')
    .option('--payload-bytes <n>', 'size of the pushed message in push mode (default: 32)')
    .option('--inject-delay-ms <ms>', 'fault injection: every echo waits this long (default: 0)')
    .option('--inject-retain-kb <kib>', 'fault injection: every connection holds this much memory (default: 0)')
    .action((options: ServerOptionsInput) => finish(serve(options)));
}

async function serve(input: ServerOptionsInput): Promise<CommandOutcome> {
  const options = resolveServerOptions(input);
  let server;
  try {
    server = await startEchoServer(options);
  } catch (error) {
    if (error instanceof ListenError && error.code === 'EADDRINUSE') {
      throw new ConfigError(`--port ${options.port} is already in use on ${options.host}; pick another port or 0 for any free one`);
    }
    if (error instanceof ListenError) throw new EnvironmentError(`${error.message}; check --host and --port`, ExitCode.usage);
    throw error;
  }
  process.stdout.write(`${serverUrl(options.transport, options.host, server.port)}\n`);
  const running = server;
  await runUntilStopSignal(() => running.close());
  return { exitCode: ExitCode.ok };
}
