/** `bench sweep`: the study's grid, one fresh run per transport x clients x repeat, in one sweep folder. What it does is in sweep-action.ts, loaded only when it runs. */
import { Command } from 'commander';
import { SWEEP_DEFAULTS } from '../sweep/sweep-config.js';
import type { CommandOutcome } from './outcome.js';
import { addCiCheckFlags } from './ci-check-options.js';
import { addRunFlags } from './run-command.js';
import type { SweepCommandFlags } from './sweep-action.js';

/** `bench run` flags a sweep does not pass through: the grid replaces the first two, --out means the sweep's folder, and a sweep starts its own servers. */
const NOT_PASSED_THROUGH = new Set(['transport', 'clients', 'out', 'target']);

/** Adds the sweep command. */
export function registerSweepCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  const command = program
    .command('sweep')
    .description('run the grid of transports x client counts, one fresh server per cell, into results/<sweep-id>/')
    .option('--transports <list>', `transports to sweep, comma-separated (default: ${SWEEP_DEFAULTS.transports.join(',')})`)
    .option('-c, --clients <list>', `client counts, comma-separated (default: ${SWEEP_DEFAULTS.clients.join(',')})`)
    .option(
      '--stacks <list>',
      'library stacks as a dimension of the grid, comma-separated: current, 2020 or package specs; a client, engine or addon joins the stack before it (current,socket.io@4.6.2,socket.io@4.7.5 or current,sockjs@0.3.21,sockjs-client@1.5.2); each stack runs the transports it serves (default: one stack, --stack)',
    )
    .option('--repeat <n>', `runs per transport x clients cell (default: ${SWEEP_DEFAULTS.repeat})`)
    .option('--resume <sweep-dir>', 'finish an interrupted sweep: run the cells its sweep.json does not have yet, with its flags')
    .option('-o, --out <dir>', `folder that receives the sweep folder (default: ${SWEEP_DEFAULTS.outDir})`);
  // Every other `bench run` flag passes through to each cell, with its help text.
  for (const option of addRunFlags(new Command()).options) {
    if (!NOT_PASSED_THROUGH.has(option.attributeName())) command.addOption(option);
  }
  command
    .option('--report', 'write the report of the sweep (bench report) when it ends')
    .option('--json', 'print an object with resultsDir and the cell counts on stdout')
    .option('-q, --quiet', 'no progress output');
  addCiCheckFlags(command).action((flags: SweepCommandFlags) => finish(import('./sweep-action.js').then((action) => action.sweep(flags, command))));
}
