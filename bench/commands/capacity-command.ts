/** `bench capacity`: the largest client count that meets every objective. Flags and help here; what it does is in capacity-action.ts, loaded only when it runs. */
import { Command } from 'commander';
import { CAPACITY_DEFAULTS, defaultMaxRuns } from '../capacity/capacity-config.js';
import { BURST_SLO, CAPACITY_OBJECTIVES, SERVER_RUN_FLAGS, SERVER_SLO } from '../capacity/capacity-objectives.js';
import type { CommandOutcome } from './outcome.js';
import { collectSlo } from '../slo/slo-flag.js';
import { addRunFlags } from './run-command.js';
import type { CapacityCommandFlags } from './capacity-action.js';

/** `bench run` flags a capacity search does not pass through: it chooses the client count, --out means its folder, and each probe starts its own server. */
const NOT_PASSED_THROUGH = new Set(['clients', 'out', 'target']);

/** The run flags whose default the objective sets, with capacity's own help (run's says what bench run does without them). */
const OBJECTIVE_HELP: Readonly<Record<string, string>> = {
  rate: `connections opened per second, over all workers (default: ${SERVER_RUN_FLAGS.rate} with --objective server, unless --profile or --scenario brings its own; unlimited with --objective burst)`,
  messagesPerSecond: `steady traffic in the hold: messages each client sends per second (default: ${SERVER_RUN_FLAGS.messagesPerSecond} with --objective server, unless --mode or --scenario sends other traffic; 0, none, with --objective burst)`,
  duration: `how long steady traffic lasts; the hold lasts at least this long; with --mode idle, how long the idle hold lasts (default: ${SERVER_RUN_FLAGS.duration} with --objective server, or --hold when given; --hold with --objective burst)`,
};

/** Adds the capacity command. */
export function registerCapacityCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  const command = program
    .command('capacity')
    .description('search the largest client count that meets every objective (--slo), one fresh server per run, into results/<capacity-id>/');
  for (const option of addRunFlags(new Command()).options) {
    if (NOT_PASSED_THROUGH.has(option.attributeName())) continue;
    option.description = OBJECTIVE_HELP[option.attributeName()] ?? option.description;
    command.addOption(option);
  }
  command
    .option(
      '--objective <name>',
      `the question the search answers, ${CAPACITY_OBJECTIVES.join(' or ')}: server, how many clients the server holds while each sends steady traffic (fills --rate ${SERVER_RUN_FLAGS.rate}, --messages-per-second ${SERVER_RUN_FLAGS.messagesPerSecond}, --duration ${SERVER_RUN_FLAGS.duration}, --client ${SERVER_RUN_FLAGS.client} and --slo ${SERVER_SLO} where not given); burst, how large a burst of handshakes it absorbs (unlimited arrivals, --concurrency at a time, --slo ${BURST_SLO}) (default: ${CAPACITY_DEFAULTS.objective})`,
    )
    .option(
      '--slo <objectives>',
      `objectives every probe must meet, figure<bound: any figure of the run summary (connectMs.p99, firstMessageMs.p50, steadyTraffic.roundTripMs.p99, server.steadyRssBytes, failed, ...) with ms/s, B/KB/MB/GB/KiB/MiB/GiB, a count or % of the clients; comma-separated or repeatable, the grammar of run's --slo (default: --objective's, server ${SERVER_SLO}, burst ${BURST_SLO})`,
      collectSlo,
    )
    .option(
      '--resolution <share>',
      `stop when the bracket is at most this share of the capacity, above 0% and at most 50% (default: ${CAPACITY_DEFAULTS.resolution * 100}%)`,
    )
    .option(
      '--repeat <n>',
      `fresh runs per probe whose load generator kept up, judged by their median; a saturated run is left out and run again (default: ${CAPACITY_DEFAULTS.repeat})`,
    )
    .option(
      '--max-runs <n>',
      `most runs of one probe: extra runs replace saturated ones (up to --repeat of them) and, where the runs disagree on the bound that decides the probe, steady its median (default: 2 x --repeat + 1, ${defaultMaxRuns(CAPACITY_DEFAULTS.repeat)})`,
    )
    .option('--start-clients <n>', `clients of the first probe (default: ${CAPACITY_DEFAULTS.startClients})`)
    .option('--growth <factor>', `each probe before the first failure has this many times the clients of the last (default: ${CAPACITY_DEFAULTS.growth})`)
    .option('--max-clients <n>', `never probe more clients than this; reaching it is a stop of its own (default: ${CAPACITY_DEFAULTS.maxClients})`)
    .option(
      '--rate-lowerings <n>',
      `times a probe whose load generator saturated is run again at half the arrival rate (--rate; from unlimited: half the rate its runs reached), keeping only the passes, before the search stops on saturation; this changes the workload (paced arrivals, not a burst), so the answer names the rate (default: ${CAPACITY_DEFAULTS.rateLowerings}: stop)`,
    )
    .option('-o, --out <dir>', `folder that receives the capacity folder (default: ${CAPACITY_DEFAULTS.outDir})`)
    .option('--json', "print capacity.json's object with the folder on stdout")
    .option('-q, --quiet', 'no progress output')
    .action((flags: CapacityCommandFlags) => finish(import('./capacity-action.js').then((action) => action.capacity(flags, command))));
}
