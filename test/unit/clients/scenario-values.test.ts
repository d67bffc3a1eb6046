import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileValue, expandValue } from '../../../clients/scenario/value-plan.js';
import { groupIndexOf } from '../../../clients/scenario/scenario-runner.js';
import { MessageFilter, ReceivedMessage } from '../../../clients/scenario/message-match.js';

const context = { client: 7, seq: 3, token: 'tok-7' };

describe('scenario values', () => {
  it('keeps a value without templates as the one object it was', () => {
    const value = { room: 'lobby', tags: ['a', 1, true, null] };
    const plan = compileValue(value);
    expect(expandValue(plan, context)).toBe(value);
  });

  it('expands templates in text, and a whole {{id}}, {{id % N}} or {{seq}} as a number', () => {
    const plan = compileValue({ who: 'user-{{id}}', room: 'room-{{ id % 5 }}', id: '{{id}}', seq: '{{seq}}', token: '{{token}}', list: ['{{id % 2}}'] });
    expect(expandValue(plan, context)).toEqual({ who: 'user-7', room: 'room-2', id: 7, seq: 3, token: 'tok-7', list: [1] });
    const now = expandValue(compileValue('{{now}}'), context) as number;
    expect(Math.abs(now - Date.now())).toBeLessThan(1000);
  });

  it('makes {{binary N}} the SHAKE256 of "bench:<client>:<seq>", and {{random N}} N characters that differ by client and message', () => {
    const bytes = expandValue(compileValue('{{binary 100}}'), context) as Buffer;
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.equals(createHash('shake256', { outputLength: 100 }).update('bench:7:3').digest())).toBe(true);
    const text = expandValue(compileValue('{{random 33}}'), context) as string;
    expect(text).toHaveLength(33);
    expect(expandValue(compileValue('{{random 33}}'), { ...context, seq: 4 })).not.toBe(text);
    expect(expandValue(compileValue('{{random 33}}'), context)).toBe(text);
  });
});

describe('groups', () => {
  it('gives each group its share of any run of ids, spread rather than in blocks', () => {
    const groups = Array.from({ length: 1000 }, (_, client) => groupIndexOf(client, [9, 1]));
    const writers = groups.filter((group) => group === 1).length;
    expect(writers).toBeGreaterThanOrEqual(98);
    expect(writers).toBeLessThanOrEqual(102);
    // Every worker of two (even and odd ids) gets about its share too.
    const evenWriters = groups.filter((group, client) => group === 1 && client % 2 === 0).length;
    expect(evenWriters).toBeGreaterThanOrEqual(45);
    expect(evenWriters).toBeLessThanOrEqual(55);
    expect(groups.slice(0, 20)).toContain(1);
  });
});

describe('message filters', () => {
  it('matches an event, dotted fields of its payload and a pattern on its text', () => {
    const filter = new MessageFilter({ event: null, match: { type: 'said', 'meta.room': 'r1' }, pattern: null });
    expect(filter.matches(new ReceivedMessage(null, ['{"type":"said","meta":{"room":"r1"}}']))).toBe(true);
    expect(filter.matches(new ReceivedMessage(null, ['{"type":"said","meta":{"room":"r2"}}']))).toBe(false);
    expect(filter.matches(new ReceivedMessage(null, ['not json']))).toBe(false);
    const event = new MessageFilter({ event: 'chat', match: null, pattern: '^hi' });
    expect(event.matches(new ReceivedMessage('chat', ['hi there']))).toBe(true);
    expect(event.matches(new ReceivedMessage('other', ['hi there']))).toBe(false);
    expect(new MessageFilter({ event: null, match: null, pattern: 'bytes' }).matches(new ReceivedMessage(null, [Buffer.alloc(4)]))).toBe(true);
  });
});
