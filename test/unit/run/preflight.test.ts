/** Preflight decisions that need more connections than this machine can open in a test. */
import { describe, expect, it } from 'vitest';
import { chooseSourceAddresses, filesNeeded, runPreflight } from '../../../bench/run/preflight.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { EnvironmentError } from '../../../bench/errors.js';
import { readEphemeralPortRange, type SystemLimits } from '../../../bench/run/system-limits.js';

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

describe('preflight against injected limits', () => {
  // 2 workers, 100 handshakes: the server needs 1000 + 100 sockets, a worker 500 + 50, plus 256 spare.
  const config = resolveRunConfig({ transport: 'ws', clients: '1000', workers: '2', concurrency: '100' });
  const NEEDED = 1356;
  const wide = { low: 1024, high: 65535 };
  function limits(
    soft: number,
    hard: number,
    options: { nrOpen?: number; canRaise?: boolean; ports?: { low: number; high: number } | null } = {},
  ): SystemLimits & { raiseAsked: number[] } {
    const raiseAsked: number[] = [];
    return {
      fileLimit: { soft, hard },
      nrOpen: options.nrOpen ?? 1_048_576,
      ephemeralPorts: options.ports === undefined ? wide : options.ports,
      canRaiseHardLimit: (limit) => {
        raiseAsked.push(limit);
        return options.canRaise ?? false;
      },
      raiseAsked,
    };
  }

  it('counts the files one process needs', () => {
    expect(filesNeeded(config)).toBe(NEEDED);
  });

  it('keeps the inherited limit when the soft limit is enough', () => {
    const result = runPreflight(config, limits(NEEDED, NEEDED));
    expect(result).toEqual({ childFileLimit: null, notices: [], sourceAddresses: [], loadBalancer: null });
  });

  it('raises the children to the hard limit when that is enough, and says so', () => {
    const given = limits(1024, 4096);
    const result = runPreflight(config, given);
    expect(result.childFileLimit).toBe(4096);
    expect(result.notices).toEqual([`raised the open-file limit of the server and workers from 1024 to 4096 (about ${NEEDED} needed)`]);
    expect(given.raiseAsked).toEqual([]);
  });

  it('raises past the hard limit to what is needed where the process may', () => {
    const given = limits(1024, 1024, { canRaise: true });
    expect(runPreflight(config, given).childFileLimit).toBe(NEEDED);
    expect(given.raiseAsked).toEqual([NEEDED]);
  });

  it('refuses with the ulimit to run when the hard limit cannot be raised', () => {
    expect(() => runPreflight(config, limits(1024, 1024))).toThrow(
      new RegExp(
        `^the open-file limit is 1024 \\(hard 1024\\) but 1000 clients need about ${NEEDED} in one process; .*ulimit -Hn ${NEEDED} && ulimit -n ${NEEDED}`,
      ),
    );
  });

  it('does not even try to raise past the kernel ceiling', () => {
    const given = limits(1024, 1024, { canRaise: true, nrOpen: 1200 });
    expect(() => runPreflight(config, given)).toThrow(EnvironmentError);
    expect(given.raiseAsked).toEqual([]);
  });

  it('checks nothing where the platform does not say', () => {
    const result = runPreflight(config, { fileLimit: null, nrOpen: null, ephemeralPorts: null, canRaiseHardLimit: () => false });
    expect(result).toEqual({ childFileLimit: null, notices: [], sourceAddresses: [], loadBalancer: null });
  });

  it('spreads the clients over source addresses when the port range is narrow', () => {
    const result = runPreflight(config, limits(NEEDED, NEEDED, { ports: { low: 1000, high: 1399 } }));
    expect(result.sourceAddresses).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(result.notices).toEqual(['spreading 1000 clients over 3 source addresses (127.0.0.1 to 127.0.0.3)']);
  });

  it('with a narrow range and a client that cannot bind an address, names the sysctl', () => {
    const sockjs = resolveRunConfig({ transport: 'sockjs', clients: '1000', workers: '2', concurrency: '100' });
    expect(() => runPreflight(sockjs, limits(100_000, 100_000, { ports: { low: 1000, high: 1399 } }))).toThrow(
      /ephemeral range 1000-1399 gives 400 per source address/,
    );
  });
});
