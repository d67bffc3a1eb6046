/**
 * How bench's workers speak to the server: through each transport's own client library (what the
 * 2020 study measured, and what an app's clients cost), or through bench's wire client, which
 * speaks the protocol itself over one ws WebSocket per connection so that the load generator is
 * not the limit (clients/wire/). ws's library is already the wire: both kinds drive it the same way.
 */
export const CLIENT_KINDS = ['library', 'wire'] as const;
/** One way of driving a transport's clients. */
export type ClientKind = (typeof CLIENT_KINDS)[number];
/** A run that names none drives the libraries. */
export const DEFAULT_CLIENT_KIND: ClientKind = 'library';
