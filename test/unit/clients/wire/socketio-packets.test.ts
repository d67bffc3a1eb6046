/** Socket.IO's packet text as the protocol documents it (socket.io-protocol's examples), decoded and encoded by the wire client. */
import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, withAttachments } from '../../../../clients/wire/socketio-packets.js';

// The texts are Socket.IO packets, without the Engine.IO message type ('4') that frames each of them.
describe('decodePacket', () => {
  it.each([
    ['0{"sid":"abc"}', { type: 0, namespace: '/', id: -1, attachments: 0, data: { sid: 'abc' } }],
    ['0/admin,{"sid":"x"}', { type: 0, namespace: '/admin', id: -1, attachments: 0, data: { sid: 'x' } }],
    ['4/private,{"message":"invalid token"}', { type: 4, namespace: '/private', id: -1, attachments: 0, data: { message: 'invalid token' } }],
    ['1', { type: 1, namespace: '/', id: -1, attachments: 0, data: undefined }],
    ['1/chat,', { type: 1, namespace: '/chat', id: -1, attachments: 0, data: undefined }],
    ['2["hello",1]', { type: 2, namespace: '/', id: -1, attachments: 0, data: ['hello', 1] }],
    ['212["hello"]', { type: 2, namespace: '/', id: 12, attachments: 0, data: ['hello'] }],
    ['3/admin,13["bar"]', { type: 3, namespace: '/admin', id: 13, attachments: 0, data: ['bar'] }],
    ['51-["hello",{"_placeholder":true,"num":0}]', { type: 5, namespace: '/', id: -1, attachments: 1, data: ['hello', { _placeholder: true, num: 0 }] }],
    ['61-/admin,15[{"_placeholder":true,"num":0}]', { type: 6, namespace: '/admin', id: 15, attachments: 1, data: [{ _placeholder: true, num: 0 }] }],
    // Protocol 4 (socket.io 2.x) sends a namespace's connect with its query.
    ['0/chat?token=1,', { type: 0, namespace: '/chat', id: -1, attachments: 0, data: undefined }],
  ])('%s', (text, packet) => {
    expect(decodePacket(text)).toEqual(packet);
  });

  it.each([[''], ['9'], ['2["unclosed"'], ['5["no dash"]']])('refuses %j', (text) => {
    expect(decodePacket(text)).toBeNull();
  });
});

describe('encodePacket', () => {
  it('writes an event, its namespace and its ack id as the protocol does', () => {
    expect(encodePacket(2, '/', -1, ['message', 'hi "there"'])).toEqual({ text: '2["message","hi \\"there\\""]', attachments: [] });
    expect(encodePacket(2, '/chat', 7, ['join', { room: 1 }])).toEqual({ text: '2/chat,7["join",{"room":1}]', attachments: [] });
    expect(encodePacket(3, '/', 4, [])).toEqual({ text: '34[]', attachments: [] });
  });

  it('moves binary, nested too, into attachments with placeholders, and back', () => {
    const blob = Buffer.from([1, 2, 3]);
    const view = new Uint8Array([9, 8]);
    const { text, attachments } = encodePacket(2, '/', 1, ['upload', { file: blob, parts: [view] }]);
    expect(text).toBe('52-1["upload",{"file":{"_placeholder":true,"num":0},"parts":[{"_placeholder":true,"num":1}]}]');
    expect(attachments).toEqual([blob, Buffer.from(view)]);
    const decoded = decodePacket(text);
    expect(withAttachments(decoded?.data, attachments)).toEqual(['upload', { file: blob, parts: [Buffer.from(view)] }]);
    expect(encodePacket(3, '/', 2, [blob]).text).toBe('61-2[{"_placeholder":true,"num":0}]');
  });
});
