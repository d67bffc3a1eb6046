/** `bench server`: one echo server on its own, for a target box. What it does is in server-action.ts, loaded only when it runs. */
import type { Command } from 'commander';
import type { ServerOptionsInput } from '../config/server-config.js';
import { deflateTransports, transportChoices } from '../../protocol/transports.js';
import { DEFAULT_STACK, STACK_CACHE_HELP, stackChoices } from '../../protocol/stacks.js';
import { defaultAdapter } from '../../protocol/sync-adapters.js';
import type { CommandOutcome } from './outcome.js';
import { SERVER_MODES, type ServerMode } from '../../protocol/messages.js';
import { DEFAULT_MODE, DEFAULT_PAYLOAD_BYTES } from '../config/server-behaviour-flags.js';
import { RUN_DEFAULTS } from '../config/run-config.js';

/** What each server mode does, as --mode's help says it. */
const MODE_HELP: Readonly<Record<ServerMode, string>> = {
  echo: 'echo each message',
  push: 'send one message at accept',
  broadcast: 'echo, and honour room joins and fan room messages out to every member (method.md, Broadcast)',
};

/** Adds the server command; `finish` receives its exit code once it stops. */
export function registerServerCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('server')
    .description('run one echo server until SIGINT/SIGTERM; prints its URL on stdout')
    .option('-t, --transport <name>', `${transportChoices()} (required)`)
    .option('--stack <name>', `library versions the server loads: ${stackChoices()} (default: ${DEFAULT_STACK})`)
    .option('--stack-cache <dir>', STACK_CACHE_HELP)
    .option('--host <address>', `address to bind (default: ${RUN_DEFAULTS.host})`)
    .option('--port <n>', 'port to listen on; 0 lets the OS choose (default: 0)')
    .option(
      '--per-message-deflate [mode]',
      `per-message deflate (${deflateTransports().join(', ')}): on (the flag alone), off, or library (the library's own default) (default: off)`,
    )
    .option('--mode <mode>', `${SERVER_MODES.map((mode) => `${mode}: ${MODE_HELP[mode]}`).join('; ')} (default: ${DEFAULT_MODE})`)
    .option('--payload-bytes <n>', `size of the pushed message in push mode (default: ${DEFAULT_PAYLOAD_BYTES})`)
    .option('--inject-delay-ms <ms>', 'fault injection: every echo waits this long (default: 0)')
    .option('--inject-retain-kb <kib>', 'fault injection: every connection holds this much memory (default: 0)')
    .option(
      '--redis-url <url>',
      'sync rooms with other servers through the Redis at this URL, e.g. redis://127.0.0.1:6379 (current stack only) (default: none, rooms stay in this server)',
    )
    .option(
      '--adapter <name>',
      `with --redis-url: redis (@socket.io/redis-adapter) or redis-streams (@socket.io/redis-streams-adapter) for socketio, relay (bench's relay over Redis pub/sub) for ws and sockjs; the other adapters run with bench run --nodes (default: ${defaultAdapter('socketio')} for socketio, ${defaultAdapter('ws')} for the others)`,
    )
    .option('--node-id <n>', "with --redis-url: this server's number among the synced servers, 0 to 1023 (default: 0)")
    .action((options: ServerOptionsInput) => finish(import('./server-action.js').then((action) => action.serve(options))));
}
