/** What `bench selftest` does: run the selftest and print its figures. */
import { parseWholeNumber } from '../config/flag-parsers.js';
import { formatBytes, formatMs, formatTable } from '../render/format.js';
import { RUN_DEFAULTS } from '../config/run-config.js';
import { runSelftest, type SelftestResult } from '../selftest/selftest.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';
import { refuseServerThisNodeCannotRun, resolveStack, stackIdOf } from '../config/stack-flag.js';
import { stackServes } from '../../protocol/stack-spec.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_STACK } from '../../protocol/stacks.js';
import { TRANSPORT_NAMES } from '../../protocol/transports.js';
import { SELFTEST_DEFAULTS } from '../selftest/selftest-defaults.js';

/** The flags of `bench selftest`, as commander hands them over. */
export interface SelftestFlags {
  clients?: string;
  stack?: string;
  stackCache?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

function render(result: SelftestResult): string {
  const yesNo = (value: boolean | null): string => (value === null ? 'not measured' : value ? 'met' : 'NOT met');
  const ratio = (value: number | null): string => (value === null ? '-' : `${value.toFixed(2)}x`);
  return [
    formatTable([
      ['figure', 'bare ws', 'bench', 'ratio / difference'],
      ['round trip p50 (1 client)', formatMs(result.roundTrip.bareP50Ms), formatMs(result.roundTrip.benchP50Ms), ratio(result.roundTrip.ratio)],
      [
        'first message p50 (low load)',
        formatMs(result.firstMessage.bareP50Ms),
        formatMs(result.firstMessage.benchP50Ms),
        formatMs(result.firstMessage.differenceMs),
      ],
      [
        `connections/s (${result.connectRate.clients} ws)`,
        String(result.connectRate.bareConnectionsPerSecond),
        String(result.connectRate.benchConnectionsPerSecond ?? '-'),
        ratio(result.connectRate.ratio),
      ],
    ]),
    formatTable([
      ['client memory per connection', 'bare library', 'bench', 'ratio', 'bench --client wire', 'ratio'],
      ...Object.entries(result.clientMemory).map(([transport, memory]) => [
        transport,
        formatBytes(memory.bareBytesPerConnection),
        formatBytes(memory.bytesPerConnection),
        ratio(memory.ratio),
        formatBytes(memory.wireBytesPerConnection),
        ratio(memory.wireRatio),
      ]),
    ]),
    `targets: first message within 1 ms of bare: ${yesNo(result.targets.firstMessageWithin1Ms)}; ` +
      `connect rate >= 0.8 of bare: ${yesNo(result.targets.connectRateAtLeast80Percent)}; ` +
      `ws client <= 10 KB per connection: ${yesNo(result.targets.wsClientAtMost10KB)}; ` +
      `ws client within 10% of bare: ${yesNo(result.targets.wsClientWithin10PercentOfBare)}; ` +
      `Socket.IO and SockJS wire clients <= 1/3 of their libraries: ${yesNo(result.targets.wireClientsAtMostThirdOfLibrary)}`,
    `files: ${result.resultsDir}`,
  ].join('\n');
}

export async function selftest(flags: SelftestFlags): Promise<CommandOutcome> {
  const clients = flags.clients === undefined ? SELFTEST_DEFAULTS.clients : parseWholeNumber('--clients', flags.clients, 1, 100_000);
  // The selftest measures every transport: a spec stack must name a package of each, or the figures would be bench's own libraries'.
  const requested = stackIdOf(flags.stack ?? DEFAULT_STACK, '--stack');
  const unserved = TRANSPORT_NAMES.filter((transport) => !stackServes(requested, transport));
  if (unserved.length > 0) {
    throw new ConfigError(
      `--stack ${requested} names nothing of ${unserved.join(' or ')}, and bench selftest measures every transport; name a package of each, or use --stack current or 2020`,
    );
  }
  const stack = resolveStack(flags, null);
  for (const transport of TRANSPORT_NAMES) refuseServerThisNodeCannotRun(stack, transport);
  const { result, signal } = await withInterruptSignal((abortSignal) =>
    runSelftest({
      clients,
      stack,
      outDir: flags.out ?? RUN_DEFAULTS.outDir,
      signal: abortSignal,
      onStep: (message) => {
        if (!flags.quiet) process.stderr.write(`${message}\n`);
      },
    }),
  );
  process.stderr.write(`${render(result)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return { exitCode: signal ? interruptExitCode(signal) : ExitCode.ok };
}
