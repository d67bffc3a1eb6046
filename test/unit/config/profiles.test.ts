/** Profiles: named sets of flags, filled per transport, where a flag given explicitly always wins. */
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { cellRunConfig, resolveSweepConfig } from '../../../bench/sweep/sweep-config.js';

describe('--profile study-2020', () => {
  it('gives socketio the 2020 stack with polling then upgrade, deflate and the paced arrival', () => {
    const config = resolveRunConfig({ transport: 'socketio', clients: '10', profile: 'study-2020' });
    expect(config).toMatchObject({ stack: '2020', profile: 'study-2020', ratePerSecond: 1000 });
    expect(config.variant).toMatchObject({ socketioTransports: ['polling', 'websocket'], perMessageDeflate: true });
    expect(config.profileFlags).toEqual({ stack: '2020', rate: '1000', socketioTransports: 'polling,websocket', perMessageDeflate: true });
  });

  it("leaves ws without deflate, as ws 7 defaults, and gives sockjs its client's default list", () => {
    expect(resolveRunConfig({ transport: 'ws', clients: '10', profile: 'study-2020' })).toMatchObject({ stack: '2020', variant: { perMessageDeflate: false } });
    expect(resolveRunConfig({ transport: 'sockjs', clients: '10', profile: 'study-2020' }).variant.sockjsTransports).toEqual([
      'websocket',
      'xhr-streaming',
      'xhr-polling',
    ]);
  });

  it('lets every flag given explicitly win, and records only what the profile supplied', () => {
    const config = resolveRunConfig({
      transport: 'socketio',
      clients: '10',
      profile: 'study-2020',
      socketioTransports: 'websocket',
      perMessageDeflate: false,
      rate: '50',
    });
    expect(config.variant).toMatchObject({ socketioTransports: ['websocket'], perMessageDeflate: false });
    expect(config.ratePerSecond).toBe(50);
    expect(config.profileFlags).toEqual({ stack: '2020' });
    expect(resolveRunConfig({ transport: 'ws', clients: '10', profile: 'study-2020', stack: 'current' }).stack).toBe('current');
  });
});

describe('--profile current-defaults', () => {
  it("is today's libraries with their own defaults: Socket.IO polling then upgrade, deflate off", () => {
    const config = resolveRunConfig({ transport: 'socketio', clients: '10', profile: 'current-defaults' });
    expect(config).toMatchObject({ stack: 'current', profile: 'current-defaults', ratePerSecond: null });
    expect(config.variant).toMatchObject({ socketioTransports: ['polling', 'websocket'], perMessageDeflate: false });
  });
});

describe('a sweep with a profile', () => {
  it('fills each cell for its own transport', () => {
    const sweep = resolveSweepConfig({ clients: '10', profile: 'study-2020' });
    expect(cellRunConfig(sweep, 'socketio', 10, 'out').variant.perMessageDeflate).toBe(true);
    expect(cellRunConfig(sweep, 'ws', 10, 'out').variant.perMessageDeflate).toBe(false);
    expect(cellRunConfig(sweep, 'sockjs', 10, 'out').stack).toBe('2020');
  });
});

describe("a setting's label", () => {
  it("names the stack beside the profile when an explicit --stack overrode the profile's own, so the two are different cells", async () => {
    const { settingKeySuffix, settingLabel } = await import('../../../bench/results/run-setting.js');
    expect(settingLabel({ stack: '2020', profile: 'study-2020' })).toBe('study-2020');
    expect(settingLabel({ stack: 'current', profile: 'study-2020' })).toBe('study-2020@current');
    expect(settingLabel({ stack: '2020', profile: 'current-defaults' })).toBe('current-defaults@2020');
    expect(settingKeySuffix({ stack: 'current', profile: 'current-defaults' })).toBe('/current-defaults');
    expect(settingKeySuffix({ stack: 'current', profile: null })).toBe('');
  });
});
