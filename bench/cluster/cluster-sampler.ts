/**
 * Samples every component of a cluster on one timer, by PID: each node (RSS, CPU, and the heap and
 * connections it reports), the load balancer's and the broker's process groups (or the node:cluster primary). Each moment gives one
 * row per component in cluster-samples.csv, and one row of the nodes' sums in samples.csv, so the
 * run's server figures are those of all its server processes together.
 */
import { performance } from 'node:perf_hooks';
import pidusage from 'pidusage';
import { CsvWriter } from '../results/csv-writer.js';
import type { ComponentSampleRow, RunPhase, SampleRow, SamplePhase } from '../results/file-rows.js';
import { CLUSTER_SAMPLES_CSV, columnNames, runFilePath } from '../results/run-folder.js';
import type { ServerSampler } from '../run/server-sampler.js';
import { processGroupUsage, processUsage } from './process-group-usage.js';

/** A node as the sampler sees it; null while it is down. */
export interface SampledNode {
  pid: number;
  requestStats(): Promise<{ heapUsedBytes: number; connections: number } | null>;
}

/** Where the sampler finds the components now (they change when one is restarted). */
export interface SampledComponents {
  nodes(): Array<SampledNode | null>;
  /**
   * The other components: the load balancer (absent with --lb none) and the broker, each read as its
   * whole process group (group: true), or the node:cluster primary, read alone; pid null while down.
   */
  groups(): Array<{ component: string; pid: number | null; group: boolean }>;
}

/** The sampler of a cluster: a ServerSampler for the run, and every component's rows for the cluster summary. */
export class ClusterSampler implements ServerSampler {
  private readonly totals: SampleRow[] = [];
  private readonly byComponent = new Map<string, ComponentSampleRow[]>();
  private readonly writer: CsvWriter<ComponentSampleRow>;
  private phase: SamplePhase = 'baseline';
  private current: Promise<void> | null = null;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly components: SampledComponents,
    runDir: string,
    intervalMs: number,
    private readonly startedAt: number,
    private readonly writeTotal: (row: SampleRow) => void,
    private readonly onPhase: (phase: RunPhase) => void,
  ) {
    this.writer = new CsvWriter<ComponentSampleRow>(runFilePath(runDir, CLUSTER_SAMPLES_CSV), columnNames(CLUSTER_SAMPLES_CSV));
    this.timer = setInterval(() => {
      if (this.current === null) void this.startSample();
    }, intervalMs);
  }

  private startSample(): Promise<void> {
    const sample = this.sampleOnce().finally(() => {
      if (this.current === sample) this.current = null;
    });
    this.current = sample;
    return sample;
  }

  private async sampleOnce(): Promise<void> {
    const tMs = performance.now() - this.startedAt;
    const phase = this.phase;
    const nodeRows = await Promise.all(
      this.components.nodes().map(async (node, index): Promise<ComponentSampleRow | null> => {
        if (node === null) return null;
        try {
          const [usage, stats] = await Promise.all([pidusage(node.pid), node.requestStats()]);
          return {
            tMs,
            component: `node:${index}`,
            pid: node.pid,
            processes: 1,
            rssBytes: usage.memory,
            cpuPercent: usage.cpu,
            connections: stats?.connections ?? null,
            heapUsedBytes: stats?.heapUsedBytes ?? null,
            phase,
          };
        } catch {
          return null; // Killed between two samples.
        }
      }),
    );
    const groupRows = await Promise.all(
      this.components.groups().map(async ({ component, pid, group }): Promise<ComponentSampleRow | null> => {
        if (pid === null) return null;
        const usage = group ? await processGroupUsage(pid) : await processUsage(pid);
        return usage === null
          ? null
          : {
              tMs,
              component,
              pid,
              processes: usage.processes,
              rssBytes: usage.rssBytes,
              cpuPercent: usage.cpuPercent,
              connections: null,
              heapUsedBytes: null,
              phase,
            };
      }),
    );
    if (this.stopped) return;
    for (const row of [...nodeRows, ...groupRows]) {
      if (row === null) continue;
      this.writer.write(row);
      const rows = this.byComponent.get(row.component) ?? [];
      rows.push(row);
      this.byComponent.set(row.component, rows);
    }
    const live = nodeRows.filter((row): row is ComponentSampleRow => row !== null);
    if (live.length === 0) return;
    const sum = (pick: (row: ComponentSampleRow) => number | null): number | null =>
      live.some((row) => pick(row) === null) ? null : live.reduce((total, row) => total + (pick(row) as number), 0);
    const total: SampleRow = {
      tMs,
      connections: sum((row) => row.connections),
      rssBytes: sum((row) => row.rssBytes) as number,
      heapUsedBytes: sum((row) => row.heapUsedBytes),
      cpuPercent: sum((row) => row.cpuPercent) as number,
      // Node CPU time is not read per component; the total's cpuPercent is the figure there.
      cpuTimeMs: null,
      processes: live.length,
      phase,
      externalBytes: null,
    };
    this.totals.push(total);
    this.writeTotal(total);
  }

  async sampleNow(): Promise<void> {
    if (this.current !== null) await this.current;
    await this.startSample();
  }

  setPhase(next: RunPhase): void {
    this.phase = next;
    this.onPhase(next);
  }

  samples(): readonly SampleRow[] {
    return this.totals;
  }

  /** Every row of one component (node:0, lb, redis, postgres, nats, primary), in time order. */
  componentSamples(component: string): readonly ComponentSampleRow[] {
    return this.byComponent.get(component) ?? [];
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.current !== null) await this.current;
    this.stopped = true;
    pidusage.clear();
    await this.writer.close();
  }
}
