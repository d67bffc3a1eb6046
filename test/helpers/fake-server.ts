/**
 * A measured server without a process: a ServerStarter whose MeasuredServer takes scripted samples
 * when asked (no sampling timer), records what the session did to it, and ends, restarts and counts
 * when the test says so.
 */
import type { MeasuredServer, RestartableServer, ServerRestart, ServerStartContext, ServerStarter, CountingServer } from '../../bench/run/measured-server.js';
import type { ServerSampler } from '../../bench/run/server-sampler.js';
import type { SamplePhase, SampleRow } from '../../bench/results/file-rows.js';
import { epochNowMs } from '../../protocol/epoch-clock.js';
import type { ServerOptions, ServerUsage } from '../../protocol/messages.js';

/** What the fake server does; every field has a default. */
export interface FakeServerScript {
  /** RSS of the samples taken in each phase, in bytes; a phase not given has `defaultRssBytes`. */
  rssBytes?: Partial<Record<SamplePhase, number>>;
  defaultRssBytes?: number;
  /** The cumulative CPU time of the samples taken in each phase, in ms; a phase not given has null. */
  cpuTimeMs?: Partial<Record<SamplePhase, number>>;
  /** The connection count each sample reports (a storm ends once the new server's count is back); default null. */
  connections?: number | null;
  /** The PID of the first process; a restart adds one. */
  pid?: number;
  /** Offer `restartable`; the restart reports the server down this long (its listening time minus its kill time), in ms. */
  restart?: { downMs: number };
  /** Offer `counters`: usage() answers these in turn (the last one again once they run out). */
  usage?: ServerUsage[];
}

/** The sampler of a FakeServer: each sampleNow() takes one sample of the phase it is in. */
class FakeSampler implements ServerSampler {
  private phase: SamplePhase = 'baseline';
  private readonly taken: SampleRow[] = [];
  private readonly pids: number[] = [];
  /** Every setPhase call, in order. */
  readonly phases: SamplePhase[] = [];

  constructor(
    private readonly server: FakeServer,
    private readonly write: (row: SampleRow) => void,
  ) {}

  sampleNow(): Promise<void> {
    const { script } = this.server;
    const row: SampleRow = {
      // One interval apart: the fake has no clock of its own to disagree with.
      tMs: this.taken.length * 250,
      connections: script.connections ?? null,
      rssBytes: script.rssBytes?.[this.phase] ?? script.defaultRssBytes ?? 50_000_000,
      heapUsedBytes: null,
      externalBytes: null,
      cpuPercent: 10,
      cpuTimeMs: script.cpuTimeMs?.[this.phase] ?? null,
      processes: 1,
      phase: this.phase,
    };
    if (this.pids.at(-1) !== this.server.pid) this.pids.push(this.server.pid);
    this.taken.push(row);
    this.write(row);
    this.server.log.push(`sample ${this.phase}`);
    return Promise.resolve();
  }

  setPhase(phase: SamplePhase): void {
    this.phase = phase;
    this.phases.push(phase);
    this.server.log.push(`phase ${phase}`);
  }

  samples(): readonly SampleRow[] {
    return this.taken;
  }

  sampledPids(): number[] {
    return [...this.pids];
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

/** One started fake server. */
export class FakeServer implements MeasuredServer {
  readonly url = 'ws://127.0.0.1:1';
  readonly sampler: FakeSampler;
  readonly unexpectedEnd: Promise<string>;
  readonly restartable: RestartableServer | null;
  readonly counters: CountingServer | null;
  readonly topology = null;
  /** What the session did to it, in order: `phase <p>`, `sample <p>`, `usage`, `restart`, `gc`, `stop`. */
  readonly log: string[] = [];
  /** What each restart() returned. */
  readonly restarts: ServerRestart[] = [];
  /** The phase the run was in at each usage() call. */
  readonly usageReadIn: string[] = [];
  pid: number;
  stopped = false;
  private endWith: (reason: string) => void = () => undefined;

  constructor(
    readonly script: FakeServerScript,
    readonly options: ServerOptions,
    private readonly context: ServerStartContext,
  ) {
    this.pid = script.pid ?? 500;
    this.sampler = new FakeSampler(this, context.writeSample);
    this.unexpectedEnd = new Promise<string>((resolve) => (this.endWith = resolve));
    const { restart, usage } = script;
    this.restartable = restart ? { restart: () => this.restart(restart.downMs) } : null;
    this.counters = usage ? { usage: () => this.usage(usage), heapSnapshot: () => Promise.resolve(null) } : null;
  }

  /** The server ends on its own, as a process that exits would: `unexpectedEnd` resolves with `reason`. */
  end(reason: string): void {
    this.endWith(reason);
  }

  private async restart(downMs: number): Promise<ServerRestart> {
    this.log.push('restart');
    const killedAtEpochMs = epochNowMs();
    const oldPid = this.pid;
    this.pid += 1;
    // The new process's first sample: what tells the storm's watch that the clients are back.
    await this.sampler.sampleNow();
    const restart = { killedAtEpochMs, listeningAtEpochMs: killedAtEpochMs + downMs, oldPid, newPid: this.pid };
    this.restarts.push(restart);
    return restart;
  }

  private usage(readings: ServerUsage[]): Promise<ServerUsage | null> {
    this.log.push('usage');
    this.usageReadIn.push(this.context.phase());
    const reading = readings[Math.min(this.usageReadIn.length - 1, readings.length - 1)];
    return Promise.resolve(reading ?? null);
  }

  collectGarbage(): Promise<void> {
    this.log.push('gc');
    return Promise.resolve();
  }

  /** As the local server: one last sample, then gone. */
  async stop(): Promise<void> {
    await this.sampler.sampleNow();
    this.log.push('stop');
    this.stopped = true;
  }

  describe(): { remote: false; pid: number; url: string } {
    return { remote: false, pid: this.pid, url: this.url };
  }

  libraries(): [] {
    return [];
  }
}

/** A ServerStarter of one FakeServer, kept for the test to look at and drive. */
export class FakeServerStarter {
  server: FakeServer | null = null;

  constructor(private readonly script: FakeServerScript = {}) {}

  /** As startLocalServer: the baseline sample is taken before it resolves. */
  readonly start: ServerStarter = async (options, context) => {
    const server = new FakeServer(this.script, options, context);
    this.server = server;
    await server.sampler.sampleNow();
    return server;
  };

  /** The server it started; throws when it started none. */
  started(): FakeServer {
    if (this.server === null) throw new Error('the fake server was never started');
    return this.server;
  }
}
