/**
 * --namespaces K: each Socket.IO client joins K namespaces (/ns-0 ... /ns-K-1), multiplexed over its
 * one connection (Socket.IO's Manager), or each over a connection of its own, to weigh what the
 * multiplexing saves. Messages go round the namespaces; a join is made in every one.
 */

/** How a client's namespaces reach the server: over one shared connection, or one connection each. */
export const NAMESPACE_CONNECTIONS = ['one', 'per-namespace'] as const;
export type NamespaceConnections = (typeof NAMESPACE_CONNECTIONS)[number];

/** The most namespaces a client joins. */
export const MAX_NAMESPACES = 64;

/** Each client's namespaces. */
export interface NamespacePlan {
  count: number;
  connections: NamespaceConnections;
}

/** The name of namespace `index`. */
export function namespaceName(index: number): string {
  return `/ns-${index}`;
}

/** What bench's Socket.IO server serves besides '/' when a run has namespaces: /ns-0, /ns-1, ... */
export const NAMESPACE_PATTERN = /^\/ns-\d+$/;
