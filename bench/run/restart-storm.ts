/**
 * --restart-server-at: kills the server at its time in the hold, starts it again on its port, and
 * watches the reconnect storm until every client is back (or the wait ends). What it saw is the
 * storm's measurements for the summary.
 */
import { epochNowMs } from '../../protocol/epoch-clock.js';
import type { RunConfig } from '../config/run-config.js';
import type { StormMeasurements } from '../summary/reconnection-types.js';
import type { MeasuredServer, RestartableServer, ServerRestart } from './measured-server.js';
import { fireNoEarlierThan } from './run-timers.js';
import { StormWatch } from './storm-watch.js';
import type { WorkerPool } from './worker-pool.js';

/** One scheduled restart of the run's server. */
export class RestartStorm {
  private cancelTimer: () => void = () => undefined;
  private watch: StormWatch | null = null;
  private restart: ServerRestart | null = null;
  /** A kill and restart under way, so that the run does not stop the server while a new one is starting. */
  private pending: Promise<ServerRestart> | null = null;
  private holdStartedAtEpochMs: number | null = null;

  private constructor(
    private readonly restartAtMs: number,
    private readonly connectTimeoutMs: number,
    private readonly server: MeasuredServer,
    private readonly restartable: RestartableServer,
  ) {}

  /** The storm a run's config asks for, or null without --restart-server-at or with a server that cannot be restarted. */
  static of(config: RunConfig, server: MeasuredServer | null): RestartStorm | null {
    if (config.restartServerAtMs === null || server === null || server.restartable === null) return null;
    return new RestartStorm(config.restartServerAtMs, Math.round(config.connectTimeoutSeconds * 1000), server, server.restartable);
  }

  /**
   * Starts the countdown as the hold begins; resolves when the storm is over. `stillHolding` tells
   * whether the run is still in its hold when the storm ends, so the samples go back to hold.
   */
  run(pool: WorkerPool, holdStartedAtEpochMs: number, notice: (message: string) => void, stillHolding: () => boolean): Promise<void> {
    this.holdStartedAtEpochMs = holdStartedAtEpochMs;
    const { server } = this;
    return new Promise<void>((resolve) => {
      this.cancelTimer = fireNoEarlierThan(holdStartedAtEpochMs + this.restartAtMs, epochNowMs, () => {
        const clientsAtKill = pool.counts().succeeded - pool.counts().dropped;
        server.sampler.setPhase('storm');
        const watch = new StormWatch(clientsAtKill, () => pool.counts().reconnecting, server.sampler);
        this.watch = watch;
        this.pending = this.restartable.restart();
        void this.pending.then(async (restart) => {
          this.restart = restart;
          notice(`server killed (pid ${restart.oldPid}) and started again (pid ${restart.newPid ?? 'none'}); waiting for the clients to come back`);
          if (restart.newPid !== null) await watch.waitUntilBack(this.connectTimeoutMs);
          watch.end();
          if (stillHolding()) server.sampler.setPhase('hold');
          resolve();
        });
      });
    });
  }

  /** Cancels a restart not yet begun: a run that closes early must not kill its server on the way out. */
  cancel(): void {
    this.cancelTimer();
  }

  /** Waits for a restart under way to finish, so that the run stops the new server, not the one being replaced. */
  async settle(): Promise<void> {
    await this.pending;
  }

  /** When the server was killed (the clients' clock); null when it was not. */
  get killedAtEpochMs(): number | null {
    return this.restart?.killedAtEpochMs ?? null;
  }

  /** What the storm measured; null when the kill never happened. */
  measurements(): StormMeasurements | null {
    const { restart, holdStartedAtEpochMs } = this;
    if (restart === null || holdStartedAtEpochMs === null) return null;
    return {
      restartAtMs: this.restartAtMs,
      holdStartedAtEpochMs,
      killedAtEpochMs: restart.killedAtEpochMs,
      listeningAtEpochMs: restart.listeningAtEpochMs,
      endedAtEpochMs: this.watch?.endedAtEpochMs ?? null,
      sampledServerPids: this.server.sampler.sampledPids?.() ?? [],
    };
  }
}
