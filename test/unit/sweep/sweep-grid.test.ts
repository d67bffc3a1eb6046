/** The parts of a sweep that need no sockets: grid order, flag pass-through, time left. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../bench/errors.js';
import { cellRunConfig, parseClientList, parseTransportList, resolveSweepConfig, runFlagsForTransport } from '../../../bench/sweep/sweep-config.js';
import { describeCell, planCells } from '../../../bench/sweep/sweep-grid.js';
import { createSweepProgressRenderer } from '../../../bench/render/sweep-progress.js';
import type { SweepCellRecord } from '../../../bench/sweep/sweep-manifest.js';
import { estimateRemainingMs } from '../../../bench/sweep/time-left.js';

describe('sweep grid', () => {
  it('defaults to the study: three transports, 1,000 to 10,000 clients in steps of 1,000, one repeat', () => {
    const config = resolveSweepConfig({});
    expect(config.grid.transports).toEqual(['ws', 'socketio', 'sockjs']);
    expect(config.grid.clients).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    expect(config.grid.repeat).toBe(1);
    expect(planCells(config.grid)).toHaveLength(30);
  });

  it('runs the transports of one size back to back, repeat by repeat', () => {
    const cells = planCells({ transports: ['ws', 'sockjs'], clients: [10, 20], repeat: 2 });
    expect(cells.map((cell) => `${cell.repeat}:${cell.transport}:${cell.clients}`)).toEqual([
      '1:ws:10',
      '1:sockjs:10',
      '1:ws:20',
      '1:sockjs:20',
      '2:ws:10',
      '2:sockjs:10',
      '2:ws:20',
      '2:sockjs:20',
    ]);
  });

  it('alternates the stacks of one size and plans each stack only for the transports it serves', () => {
    const grid = { transports: ['ws', 'socketio'] as const, clients: [10], repeat: 1, stacks: ['current', 'socket.io@4.7.5,socket.io-client@~4.7.0'] };
    const cells = planCells({ ...grid, transports: [...grid.transports] });
    expect(cells.map((cell) => `${cell.transport}:${cell.stack ?? ''}`)).toEqual([
      'ws:current',
      'socketio:current',
      'socketio:socket.io@4.7.5,socket.io-client@~4.7.0',
    ]);
    expect(describeCell(cells[2] as (typeof cells)[number], 1, true)).toBe('socketio 10 clients, stack socket.io@4.7.5,socket.io-client@~4.7.0');
    expect(describeCell(cells[2] as (typeof cells)[number], 1, false)).toBe('socketio 10 clients');
  });

  it('parses lists and names the flag on a bad item', () => {
    expect(parseTransportList('ws, sockjs')).toEqual(['ws', 'sockjs']);
    expect(parseClientList('100,200')).toEqual([100, 200]);
    expect(() => parseTransportList('ws,carrier-pigeon')).toThrow(/--transports must be one of ws, socketio, sockjs; got "carrier-pigeon"/);
    expect(() => parseClientList('100,,200')).toThrow(/--clients must be a comma-separated list/);
    expect(() => parseClientList('100,100')).toThrow(/--clients lists "100" twice/);
    expect(() => parseClientList('0')).toThrow(ConfigError);
  });
});

describe('flags passed to each cell', () => {
  it('applies a transport option only to the cells of its transport', () => {
    const flags = { sockjsTransports: 'xhr-streaming', socketioTransports: 'polling', perMessageDeflate: true, hold: '2' };
    expect(runFlagsForTransport(flags, 'ws')).toEqual({ perMessageDeflate: true, hold: '2' });
    expect(runFlagsForTransport(flags, 'sockjs')).toEqual({ sockjsTransports: 'xhr-streaming', hold: '2' });
    const config = resolveSweepConfig({ transports: 'ws,socketio,sockjs', clients: '10', ...flags });
    expect(cellRunConfig(config, 'sockjs', 10, '/tmp/sweep').variant).toEqual({
      socketioTransports: ['websocket'],
      sockjsTransports: ['xhr-streaming'],
      perMessageDeflate: false,
    });
    expect(cellRunConfig(config, 'socketio', 10, '/tmp/sweep').variant.socketioTransports).toEqual(['polling']);
    expect(cellRunConfig(config, 'ws', 10, '/tmp/sweep')).toMatchObject({ holdSeconds: 2, outDir: '/tmp/sweep', clients: 10 });
  });

  it('rejects a transport option whose transport is not swept', () => {
    expect(() => resolveSweepConfig({ transports: 'ws', sockjsTransports: 'xhr-polling' })).toThrow(/--sockjs-transports applies to sockjs cells/);
    expect(() => resolveSweepConfig({ transports: 'sockjs', perMessageDeflate: true })).toThrow(/--per-message-deflate applies to ws and socketio cells/);
  });

  it('checks every run flag before the first cell', () => {
    expect(() => resolveSweepConfig({ clients: '10', workers: '0' })).toThrow(/--workers must be a whole number from 1/);
  });
});

describe('time left', () => {
  it('is unknown before the first cell and zero after the last', () => {
    expect(estimateRemainingMs([], [1000], 5000)).toBeNull();
    expect(estimateRemainingMs([{ clients: 1000, wallMs: 8000 }], [], 5000)).toBe(0);
  });

  it('takes the hold as fixed and scales the rest with clients while one size has run', () => {
    // 8 s at 1,000 clients with a 5 s hold: 3 ms per client on top of 5 s.
    expect(estimateRemainingMs([{ clients: 1000, wallMs: 8000 }], [1000, 2000], 5000)).toBe(8000 + 11000);
  });

  it('fits a line once two sizes have run', () => {
    const done = [
      { clients: 1000, wallMs: 7000 },
      { clients: 2000, wallMs: 9000 },
    ];
    // 5 s + 2 ms per client.
    expect(estimateRemainingMs(done, [3000, 4000], 5000)).toBeCloseTo(11000 + 13000);
  });

  it('never predicts that a bigger cell is quicker', () => {
    const done = [
      { clients: 1000, wallMs: 9000 },
      { clients: 2000, wallMs: 8000 },
    ];
    expect(estimateRemainingMs(done, [3000], 5000)).toBeCloseTo(8500);
  });
});

describe('sweep progress lines', () => {
  const record = (repeat: number): SweepCellRecord => ({
    transport: 'ws',
    clients: 1000,
    repeat,
    variant: { socketioTransports: ['websocket'], sockjsTransports: ['websocket'], perMessageDeflate: false },
    status: 'pending',
    reason: null,
    runDir: null,
    earlierRunDirs: [],
    wallMs: null,
    finishedAt: null,
  });
  const capture = (quiet: boolean): { text(): string; renderer: ReturnType<typeof createSweepProgressRenderer> } => {
    let written = '';
    const stream = { isTTY: false, write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
    return { text: () => written, renderer: createSweepProgressRenderer(stream, quiet) };
  };

  it('names the repeat out of the grid repeat count from the first cell on', () => {
    const { text, renderer } = capture(false);
    renderer.onEvent({ type: 'cell-start', index: 1, total: 6, repeats: 3, stacked: false, cell: record(1), remainingMs: null });
    renderer.onEvent({ type: 'cell-start', index: 3, total: 6, repeats: 3, stacked: false, cell: record(2), remainingMs: 60_000 });
    expect(text()).toContain('cell 1 of 6: ws 1000 clients, repeat 1 of 3 (time left known after the first cell)');
    expect(text()).toContain('cell 3 of 6: ws 1000 clients, repeat 2 of 3 (about 1 min 0 s left)');
  });

  it('prints nothing with --quiet, not even the resume line', () => {
    const { text, renderer } = capture(true);
    renderer.onEvent({ type: 'resume', finished: 2, total: 6 });
    renderer.onEvent({ type: 'cell-start', index: 3, total: 6, repeats: 3, stacked: false, cell: record(2), remainingMs: 60_000 });
    expect(text()).toBe('');
  });
});
