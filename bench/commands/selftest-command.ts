/** `bench selftest`: the harness measured against the floor on this machine. What it does is in selftest-action.ts, loaded only when it runs. */
import type { Command } from 'commander';
import { RUN_DEFAULTS } from '../config/run-config.js';
import { DEFAULT_STACK, STACK_CACHE_HELP, stackChoices } from '../../protocol/stacks.js';
import type { SelftestFlags } from './selftest-action.js';
import type { CommandOutcome } from './outcome.js';
import { SELFTEST_DEFAULTS } from '../selftest/selftest-defaults.js';

/** Adds the selftest command. */
export function registerSelftestCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('selftest')
    .description('compare what bench measures with a bare ws client on this machine, and measure client memory per transport')
    .option('-c, --clients <n>', `connections for the connect-rate and client-memory parts (default: ${SELFTEST_DEFAULTS.clients})`)
    .option('--stack <name>', `library versions of the server, the bench clients and the bare clients: ${stackChoices()} (default: ${DEFAULT_STACK})`)
    .option('--stack-cache <dir>', STACK_CACHE_HELP)
    .option('-o, --out <dir>', `folder that receives the selftest's run folders (default: ${RUN_DEFAULTS.outDir})`)
    .option('--json', 'print the figures on stdout')
    .option('-q, --quiet', 'no progress output')
    .action((flags: SelftestFlags) => finish(import('./selftest-action.js').then((action) => action.selftest(flags))));
}
