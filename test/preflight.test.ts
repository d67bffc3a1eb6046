/** Preflight decisions that need more connections than this machine can open in a test. */
import { describe, expect, it } from 'vitest';
import { chooseSourceAddresses } from '../bench/run/preflight.js';
import { resolveRunConfig } from '../bench/config/run-config.js';
import { readEphemeralPortRange } from '../bench/run/system-limits.js';

const range = readEphemeralPortRange();
const portsPerAddress = range ? range.high - range.low + 1 : 0;

describe.runIf(range !== null)('spreading clients over source addresses', () => {
  it('uses the OS default while one address has ports enough', () => {
    const notices: string[] = [];
    expect(chooseSourceAddresses(resolveRunConfig({ transport: 'ws', clients: String(portsPerAddress - 1) }), notices)).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('spreads ws clients over 127.0.0.x past one port range, and says so', () => {
    const notices: string[] = [];
    const clients = portsPerAddress * 2 + 1;
    const addresses = chooseSourceAddresses(resolveRunConfig({ transport: 'ws', clients: String(clients) }), notices);
    expect(addresses).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(notices[0]).toContain(`spreading ${clients} clients over 3 source addresses`);
  });

  it('refuses, with the sysctl that widens the range, where the client cannot bind an address', () => {
    const config = resolveRunConfig({ transport: 'sockjs', clients: String(portsPerAddress + 1) });
    expect(() => chooseSourceAddresses(config, [])).toThrow(/sysctl -w net.ipv4.ip_local_port_range/);
  });

  it('checks that the --source-addresses given are enough', () => {
    const config = resolveRunConfig({ transport: 'ws', clients: String(portsPerAddress * 2), sourceAddresses: '127.0.0.2' });
    expect(() => chooseSourceAddresses(config, [])).toThrow(/give at least 2 with --source-addresses/);
  });
});
