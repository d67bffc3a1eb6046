/**
 * How client ids are shared out: among the shards of a run, and among the workers of a shard (or
 * of a run without shards). One rule at both levels: ids interleaved, shares differing by at most
 * one, so shard s of S with W workers gives its worker w the ids s + S*w, s + S*w + S*W, ...
 */
import type { ShardSpec } from '../config/shard-config.js';

/** Share `total` among `parts` so that the shares differ by at most one and add up exactly. */
export function splitExactly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const remainder = total % parts;
  return Array.from({ length: parts }, (_, index) => base + (index < remainder ? 1 : 0));
}

/** The client ids firstClient, firstClient + stride, ..., clientCount of them. */
export interface ClientShare {
  firstClient: number;
  stride: number;
  clientCount: number;
}

/** Interleaves the ids of `whole` among `parts`: part p gets its p-th, (p + parts)-th, ... id. */
export function interleave(whole: ClientShare, parts: number): ClientShare[] {
  return splitExactly(whole.clientCount, parts).map((clientCount, part) => ({
    firstClient: whole.firstClient + part * whole.stride,
    stride: whole.stride * parts,
    clientCount,
  }));
}

/** The ids this process opens: every client of the run, or its shard's share of them. */
export function clientShareOf(config: { clients: number; shard: ShardSpec | null }): ClientShare {
  const all: ClientShare = { firstClient: 0, stride: 1, clientCount: config.clients };
  return config.shard === null ? all : (interleave(all, config.shard.count)[config.shard.index] as ClientShare);
}
