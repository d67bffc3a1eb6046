/** --namespaces and --namespace-connections of `bench run`: how many Socket.IO namespaces each client joins, and over how many connections. */
import { ConfigError } from '../errors.js';
import { parseChoice, parseWholeNumber } from './flag-parsers.js';
import { MAX_NAMESPACES, NAMESPACE_CONNECTIONS, type NamespacePlan } from '../../protocol/namespaces.js';
import type { ClientKind } from '../../protocol/client-kinds.js';
import type { StackName } from '../../protocol/stacks.js';
import type { TransportName } from '../../protocol/transports.js';
import type { RunMode } from '../../protocol/messages.js';

/** The flags as commander hands them over. */
export interface NamespaceFlagsInput {
  namespaces?: string;
  namespaceConnections?: string;
  namespace?: string;
}

/** What else of the run the namespaces must agree with. */
export interface NamespaceContext {
  transport: TransportName;
  stack: StackName;
  client: ClientKind;
  scenario: boolean;
  /** The run reconnects dropped clients (a node kill or drain, --restart-server-at, --reconnect). */
  reconnects: boolean;
  mode: RunMode;
  injectRetainKb: number;
}

/** The plan, or null without --namespaces (run.json then has no `namespaces`, as before). */
export function resolveNamespaces(input: NamespaceFlagsInput, context: NamespaceContext): NamespacePlan | null {
  if (input.namespaces === undefined) {
    if (input.namespaceConnections !== undefined)
      throw new ConfigError('--namespace-connections says how a client reaches its namespaces, so it needs --namespaces');
    return null;
  }
  const count = parseWholeNumber('--namespaces', input.namespaces, 1, MAX_NAMESPACES);
  const refuse = (why: string): never => {
    throw new ConfigError(`--namespaces ${count}: ${why}`);
  };
  if (context.transport !== 'socketio') refuse(`namespaces are Socket.IO's; this run uses ${context.transport}`);
  if (context.stack !== 'current') refuse(`runs on the current stack only; drop --stack ${context.stack}`);
  if (context.client !== 'library') refuse('the wire client speaks one namespace; use --client library');
  if (context.scenario) refuse('a scenario names its own events on one namespace; drop --scenario or --namespaces');
  if (input.namespace !== undefined) refuse(`each client joins /ns-0 to /ns-${count - 1}, so --namespace ${input.namespace} has no place; drop one of them`);
  if (context.reconnects)
    refuse('a client of several namespaces is not reconnected namespace by namespace; drop the node kill or drain, --restart-server-at or --reconnect-*');
  // The server treats each namespace's socket as a connection: it would push, and retain, once per namespace.
  if (context.mode === 'push') refuse('the server pushes once per namespace socket, not once per client; use --mode echo or broadcast');
  if (context.injectRetainKb > 0) refuse('the server would retain --inject-retain-kb once per namespace socket, not once per client; drop one of them');
  const connections =
    input.namespaceConnections === undefined ? 'one' : parseChoice('--namespace-connections', input.namespaceConnections, NAMESPACE_CONNECTIONS);
  return { count, connections };
}
