/** The one rule that shares client ids out, among shards and among the workers of each. */
import { describe, expect, it } from 'vitest';
import { clientShareOf, interleave, type ClientShare } from '../../../bench/run/client-share.js';

function ids(share: ClientShare): number[] {
  return Array.from({ length: share.clientCount }, (_, k) => share.firstClient + k * share.stride);
}

describe('client shares', () => {
  it('without shards, gives worker w of W the ids w, w + W, ...', () => {
    const workers = interleave(clientShareOf({ clients: 10, shard: null }), 3);
    expect(workers.map(ids)).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
  });

  it('gives shard s of n the ids s, s + n, ..., and its workers an interleaved split of those', () => {
    expect(ids(clientShareOf({ clients: 10, shard: { index: 1, count: 3 } }))).toEqual([1, 4, 7]);
    const workers = interleave(clientShareOf({ clients: 20, shard: { index: 2, count: 3 } }), 2);
    expect(workers.map(ids)).toEqual([
      [2, 8, 14],
      [5, 11, 17],
    ]);
  });

  it('covers every id exactly once over all shards and workers, shares differing by at most one', () => {
    for (const [clients, shards, workers] of [
      [1, 1, 1],
      [7, 3, 2],
      [100, 3, 4],
      [1001, 7, 3],
      [5, 5, 1],
    ] as const) {
      const seen: number[] = [];
      const shardSizes: number[] = [];
      for (let index = 0; index < shards; index += 1) {
        const share = clientShareOf({ clients, shard: { index, count: shards } });
        shardSizes.push(share.clientCount);
        for (const worker of interleave(share, Math.min(workers, share.clientCount))) seen.push(...ids(worker));
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: clients }, (_, id) => id));
      expect(Math.max(...shardSizes) - Math.min(...shardSizes)).toBeLessThanOrEqual(1);
    }
  });
});
