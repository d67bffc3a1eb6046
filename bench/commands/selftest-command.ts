/** `bench selftest`: the harness measured against the floor on this machine. */
import type { Command } from 'commander';
import { parseWholeNumber } from '../config/flag-parsers.js';
import { formatBytes, formatMs, formatTable } from '../render/format.js';
import { RUN_DEFAULTS } from '../config/run-config.js';
import { runSelftest, type SelftestResult } from '../selftest/selftest.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';
import { resolveStack } from '../config/stack-flag.js';
import { stackChoices } from '../../protocol/stacks.js';

interface SelftestFlags {
  clients?: string;
  stack?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Adds the selftest command. */
export function registerSelftestCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('selftest')
    .description('compare what bench measures with a bare ws client on this machine, and measure client memory per transport')
    .option('-c, --clients <n>', 'connections for the connect-rate and client-memory parts (default: 10000)')
    .option('--stack <name>', `library versions of the server, the bench clients and the bare ws client: ${stackChoices()} (default: current)`)
    .option('-o, --out <dir>', `folder that receives the selftest's run folders (default: ${RUN_DEFAULTS.outDir})`)
    .option('--json', 'print the figures on stdout')
    .option('-q, --quiet', 'no progress output')
    .action((flags: SelftestFlags) => finish(selftest(flags)));
}

function render(result: SelftestResult): string {
  const yesNo = (value: boolean | null): string => (value === null ? 'not measured' : value ? 'met' : 'NOT met');
  const ratio = (value: number | null): string => (value === null ? '-' : `${value.toFixed(2)}x`);
  return [
    formatTable([
      ['figure', 'bare ws', 'bench', 'ratio / difference'],
      ['round trip p50 (1 client)', formatMs(result.roundTrip.bareP50Ms), formatMs(result.roundTrip.benchP50Ms), ratio(result.roundTrip.ratio)],
      ['first message p50 (low load)', formatMs(result.firstMessage.bareP50Ms), formatMs(result.firstMessage.benchP50Ms), formatMs(result.firstMessage.differenceMs)],
      [
        `connections/s (${result.connectRate.clients} ws)`,
        String(result.connectRate.bareConnectionsPerSecond),
        String(result.connectRate.benchConnectionsPerSecond ?? '-'),
        ratio(result.connectRate.ratio),
      ],
    ]),
    `client memory per connection: ${Object.entries(result.clientMemory)
      .map(([transport, memory]) => `${transport} ${formatBytes(memory.bytesPerConnection)}`)
      .join(', ')} (bare ws client: ${formatBytes(result.bareWsClientBytesPerConnection)})`,
    `targets: first message within 1 ms of bare: ${yesNo(result.targets.firstMessageWithin1Ms)}; ` +
      `connect rate >= 0.8 of bare: ${yesNo(result.targets.connectRateAtLeast80Percent)}; ` +
      `ws client <= 10 KB per connection: ${yesNo(result.targets.wsClientAtMost10KB)}`,
    `files: ${result.resultsDir}`,
  ].join('\n');
}

async function selftest(flags: SelftestFlags): Promise<CommandOutcome> {
  const clients = flags.clients === undefined ? 10_000 : parseWholeNumber('--clients', flags.clients, 1, 100_000);
  const stack = resolveStack(flags);
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
