/** The flags that make clients connect the way an app's clients do, and their help; checked in bench/config/handshake-flags.ts. */
import type { Command } from 'commander';

const TEMPLATES = 'templates: {{id}} the client id, {{token}} its line of --tokens-file';

/** Adds --path, --namespace, --query, --header, --cookie, --auth and --tokens-file to a command that runs clients. */
export function addHandshakeFlags(command: Command): Command {
  return command
    .option(
      '--path <path>',
      "where the server listens: Socket.IO's engine path (client option path), the ws URL's path, SockJS's prefix; replaces the --target URL's path; needs --target (default: the URL's own; Socket.IO /socket.io)",
    )
    .option('--namespace <nsp>', "socketio only: the namespace to connect to, from /; connect time includes its connect (default: the URL's path, /)")
    .option('--query <name=value>', `a query parameter every client adds (Socket.IO: its query option); repeatable; ${TEMPLATES} (default: none)`, collect)
    .option(
      '--header <"Name: value">',
      `a request header every client sends (ws: headers; Socket.IO: extraHeaders, with polling and websocket; sockjs: websocket transport only); repeatable; ${TEMPLATES} (default: none)`,
      collect,
    )
    .option('--cookie <name=value>', `a cookie every client sends in its Cookie header, where headers go; repeatable; ${TEMPLATES} (default: none)`, collect)
    .option('--auth <json>', `socketio only: the auth payload of the namespace connect, a JSON object; ${TEMPLATES} in its strings (default: none)`)
    .option(
      '--tokens-file <file>',
      'values for {{token}}, one per line, blank lines skipped: client i gets line i mod lines; read by each worker, never written to the results (default: none)',
    );
}

/** Commander's collector for a repeatable flag: every value, in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
