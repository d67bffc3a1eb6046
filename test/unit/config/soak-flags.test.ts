import { describe, expect, it } from 'vitest';
import { parseChurn, resolveSoak, type SoakContext } from '../../../bench/config/soak-flags.js';

const context: SoakContext = { mode: 'echo', messagesPerSecond: 1, scenario: false, shard: false, reconnects: false, ownServer: true, pausableSockets: null };

describe('soak flags', () => {
  it('reads a share per period as a percentage or a fraction', () => {
    expect(parseChurn('10%/1m')).toEqual({ share: 0.1, periodMs: 60_000 });
    expect(parseChurn('0.25/30s')).toEqual({ share: 0.25, periodMs: 30_000 });
    for (const bad of ['10%', '0/1m', '150%/1m', '10%/0s', 'x/1m']) expect(() => parseChurn(bad)).toThrow(/--churn takes a share of the clients per period/);
  });

  it('is absent without its flags, and fills the defaults with any of them', () => {
    expect(resolveSoak({}, context)).toBeNull();
    expect(resolveSoak({ heapSnapshots: true }, context)).toEqual({
      churn: null,
      flatBandPercentPerHour: 5,
      heapSnapshots: true,
      injectLeakKb: 0,
      slowReaderShare: 0,
    });
  });

  it.each<[string, Parameters<typeof resolveSoak>[0], Partial<SoakContext>, RegExp]>([
    [
      'churn outside echo mode',
      { churn: '10%/1m' },
      { mode: 'idle' },
      /--churn replaces clients during steady echo traffic; it cannot be used with --mode idle/,
    ],
    ['churn without steady traffic', { churn: '10%/1m' }, { messagesPerSecond: 0 }, /--churn runs during the steady traffic: give --messages-per-second/],
    ['churn with a shard', { churn: '10%/1m' }, { shard: true }, /--churn cannot be used with --shard/],
    ['churn with reconnection', { churn: '10%/1m' }, { reconnects: true }, /--churn cannot be used with reconnection/],
    ['snapshots of a server bench did not start', { heapSnapshots: true }, { ownServer: false }, /--heap-snapshots works on bench's own server/],
    ['a planted leak in a server bench did not start', { injectLeakKb: '4' }, { ownServer: false }, /--inject-leak-kb works on bench's own server/],
    ['slow readers with churn', { slowReaders: '10%', churn: '10%/1m' }, {}, /--slow-readers cannot be used with --churn/],
    [
      'slow readers over long-polling',
      { slowReaders: '10%' },
      { pausableSockets: 'use --socketio-transports websocket' },
      /--slow-readers pauses each client's one TCP socket: use --socketio-transports websocket/,
    ],
    ['slow readers of no share', { slowReaders: '0' }, {}, /--slow-readers takes a share of the clients above 0/],
    ['a flat band of 0', { flatBand: '0' }, {}, /--flat-band must be a number from 0.01/],
  ])('refuses %s', (_name, input, overrides, message) => {
    expect(() => resolveSoak(input, { ...context, ...overrides })).toThrow(message);
  });
});
