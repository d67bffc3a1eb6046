/** The exit statuses of every bench command, in one place: the CLI, the commands and the docs read them here. */

/** Exit status by name. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  broken: 3,
  notJudged: 4,
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
      'done: every client connected and stayed connected (run), every cell `ok` (sweep), no regression (compare, run --baseline), a capacity found or bounded by a named limit (capacity); server and agent after SIGINT/SIGTERM',
  },
  {
    code: ExitCode.failure,
    name: 'failure',
    meaning:
      "what was measured failed: a regression (compare, run --baseline), or a run with failed clients, dropped connections or a lost worker (status `partial`) or whose server died under load (status `failed`), or whose own server (--server-cmd, --agent-server) exited or never answered a handshake before the run, with the last lines of its log; a sweep cell not `ok`; no capacity probe met the objectives, not even 1 client (capacity). With --baseline a finished run exits as compare judges it: its failed clients are judged against the baseline's",
  },
  {
    code: ExitCode.usage,
    name: 'usage',
    meaning: 'bad usage: a bad flag, file or config, a port in use or an address that cannot be bound (server, agent); nothing was started',
  },
  {
    code: ExitCode.broken,
    name: 'broken',
    meaning:
      'bench or the machine broke, so nothing trustworthy was measured: the server or a worker would not start, the open-file limit, a folder not writable, a disk full, an agent out of reach, an unexpected error',
  },
  {
    code: ExitCode.notJudged,
    name: 'notJudged',
    meaning:
      'compare (and run --baseline) could not judge: the load generator was saturated (its latencies and client counts are left unjudged; server memory is still judged, and a regression there is exit 1), or a baseline cell has no current runs (a cell that never ran, an interrupted sweep); capacity stopped where the load generator saturated, with a lower bound',
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
