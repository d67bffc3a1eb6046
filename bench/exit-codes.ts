/** The exit statuses of every bench command, in one place: the CLI, the commands and the docs read them here. */

/** Exit status by name. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  sigint: 130,
  sigterm: 143,
} as const;

/** One of the exit statuses bench uses. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit status means, in the order of the README's table (written from here by `npm run docs`). */
export const EXIT_CODE_MEANINGS: ReadonlyArray<{ code: ExitCode; name: keyof typeof ExitCode; meaning: string }> = [
  {
    code: ExitCode.ok,
    name: 'ok',
    meaning:
      'done: every client connected and stayed connected (run), every cell `ok` (sweep), no regression (compare, run --baseline); server and agent after SIGINT/SIGTERM',
  },
  {
    code: ExitCode.failure,
    name: 'failure',
    meaning:
      'a run measured a failure (status `partial` or `failed`, a sweep cell not `ok`), the machine or the run broke (open-file limit, server died, folder not writable, unexpected error), or compare found a regression',
  },
  {
    code: ExitCode.usage,
    name: 'usage',
    meaning:
      'bad usage: a bad flag, file or config, a port in use or an address that cannot be bound (server, agent); nothing was started. compare: also a cell `not judged` (saturated load generator)',
  },
  {
    code: ExitCode.sigint,
    name: 'sigint',
    meaning: 'stopped by SIGINT (128 + 2): what was measured is written, status `interrupted`',
  },
  {
    code: ExitCode.sigterm,
    name: 'sigterm',
    meaning: 'stopped by SIGTERM (128 + 15): as SIGINT',
  },
];
