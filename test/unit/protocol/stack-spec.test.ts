/** Reading --stack specs: canonical ids, the client a socket.io release brings, and what is refused. */
import { describe, expect, it } from 'vitest';
import { parseStackSpec, splitStackList, StackSpecError } from '../../../protocol/stack-spec.js';

describe('a stack spec', () => {
  it('orders its parts the same whatever order they were typed in, so one stack has one id and one cache folder', () => {
    expect(parseStackSpec('sockjs-client@1.5.2,sockjs@0.3.21').id).toBe('sockjs@0.3.21,sockjs-client@1.5.2');
    expect(parseStackSpec('utf-8-validate@6.0.4+ws@8.17.1+bufferutil@4.0.8').id).toBe('ws@8.17.1,bufferutil@4.0.8,utf-8-validate@6.0.4');
  });

  it("brings socket.io's client from the same minor release, unless the spec names another", () => {
    expect(parseStackSpec('socket.io@4.7.5').id).toBe('socket.io@4.7.5,socket.io-client@~4.7.0');
    expect(parseStackSpec('socket.io@latest').id).toBe('socket.io@latest,socket.io-client@latest');
    expect(parseStackSpec('socket.io@4.7.5,socket.io-client@4.6.0').id).toBe('socket.io@4.7.5,socket.io-client@4.6.0');
  });

  it('refuses what npm would not read or bench could not load, naming the part', () => {
    expect(() => parseStackSpec('express@4')).toThrow(/"express@4" names no package bench can load/);
    expect(() => parseStackSpec('ws')).toThrow(/"ws" gives no version/);
    expect(() => parseStackSpec('ws@8;rm')).toThrow(StackSpecError);
    expect(() => parseStackSpec('ws@8,ws@7')).toThrow(/names ws twice/);
    expect(() => parseStackSpec('bufferutil@4.0.8')).toThrow(/addons of ws/);
  });
});

describe('a --stacks list', () => {
  it('starts a stack at each server package or pinned name, and joins clients, engines and addons to the stack before them', () => {
    expect(splitStackList('current,socket.io@4.6.2,socket.io@4.7.5')).toEqual(['current', 'socket.io@4.6.2', 'socket.io@4.7.5']);
    expect(splitStackList('current,sockjs@0.3.21,sockjs-client@1.5.2,2020')).toEqual(['current', 'sockjs@0.3.21,sockjs-client@1.5.2', '2020']);
    expect(splitStackList('ws@8.17.1,bufferutil@4.0.8,ws@8.18.0')).toEqual(['ws@8.17.1,bufferutil@4.0.8', 'ws@8.18.0']);
    // A client after a pinned stack cannot join it: it starts a stack of its own.
    expect(splitStackList('current,socket.io-client@4.6.0')).toEqual(['current', 'socket.io-client@4.6.0']);
  });
});
