/** resolveServerOptions (bench server) on bad flags: one line naming the flag, no server started. */
import { describe, expect, it } from 'vitest';
import { resolveServerOptions, type ServerOptionsInput } from '../../../bench/config/server-config.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const cases: Array<[string, ServerOptionsInput, string]> = [
  ['unknown transport', { transport: 'nope' }, '--transport must be one of'],
  ['port out of range', { transport: 'ws', port: '70000' }, '--port must be a whole number from 0 to 65535'],
];

describe('resolveServerOptions', () => {
  it.each(cases)('%s: a ConfigError naming the flag', (_name, input, message) => {
    expectConfigError(() => resolveServerOptions(input), message);
  });

  it('lets the OS choose the port by default', () => {
    expect(resolveServerOptions({ transport: 'ws' }).port).toBe(0);
  });
});
