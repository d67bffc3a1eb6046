/** A server that dies under load: every connection it had is counted dropped, per transport and through the agent. */
import { describe, expect, it } from 'vitest';
import { startCliInBackground, waitForRunPhase } from '../helpers/cli.js';
import { childPids, commandLine, waitFor } from '../helpers/processes.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

/** Runs `bench run <args>`, SIGKILLs its server once the hold began, and returns the summary and exit code. */
async function killServerDuringHold(args: string[]): Promise<{ code: number | null; summary: RunSummary; stderr: string }> {
  const { child, cwd, done } = startCliInBackground(['run', ...args, '--hold', '30', '--json', '--quiet']);
  let serverPid: number | undefined;
  await waitFor(
    () => (serverPid = childPids(child.pid as number).find((pid) => commandLine(pid).includes('server-process.js'))) !== undefined,
    20_000,
    'the server',
  );
  await waitForRunPhase(cwd, 'hold');
  process.kill(serverPid as number, 'SIGKILL');
  const { code, stdout, stderr } = await done;
  return { code, summary: JSON.parse(stdout) as RunSummary, stderr };
}

describe('server killed under load', () => {
  it.each(['ws', 'socketio', 'sockjs'])('%s: every connection it had is dropped', async (transport) => {
    const { code, summary, stderr } = await killServerDuringHold(['-t', transport, '-c', '200', '-w', '2']);
    expect(code, stderr).toBe(1);
    expect(summary.status).toBe('failed');
    expect(summary.connected).toBe(200);
    expect(summary.dropped).toBe(200);
  });
});
