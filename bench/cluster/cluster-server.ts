/**
 * A topology of several server processes as the one server a run measures: the adapter's broker
 * (Redis, PostgreSQL or NATS; for the cluster adapter the node:cluster primary instead), N
 * echo-server processes (each told its sync), and the load balancer in front. It starts them in
 * that order, samples them all, runs the fault plan during the hold, and stops them in reverse
 * order; a start that fails part-way stops what it had started before it rethrows.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ServerOptions } from '../../protocol/messages.js';
import { serverUrl } from '../../protocol/transports.js';
import type { MeasuredServer, ServerStartContext, ServerTopology } from '../run/measured-server.js';
import { describeExit, launchServer, serverExitReason, tailText, type ServerProcess } from '../run/server-launcher.js';
import type { ClusterConfig } from './cluster-config.js';
import type { ClusterMeasurements } from '../summary/cluster-types.js';
import { ClusterSampler } from './cluster-sampler.js';
import type { LoadBalancerPlan } from './load-balancer-plan.js';
import { ExternalProcess, type ComponentSpec } from './external-process.js';
import { freePortBelowEphemeralRange } from '../run/restart-port.js';
import { FaultScheduler, type FaultTarget } from './fault-scheduler.js';
import { plansNodeKill, plansPoolChange, type FaultComponent } from './fault-plan.js';
import { BalancerPool, haproxyAdminSocket } from './balancer-pool.js';
import { brokerPlan, type BrokerPlan } from './broker-component.js';
import { ClusterPrimary } from './cluster-primary-process.js';
import { brokerOf } from '../../protocol/sync-adapters.js';
import { nginxComponent, type LoadBalancerSettings } from './nginx-component.js';
import { haproxyComponent } from './haproxy-component.js';
import { removeLoadBalancerTlsFiles } from './lb-tls-files.js';

const CONNECTED_POINT_EVERY_MS = 1000;
const COMPONENT_START_TIMEOUT_MS = 10_000;

/** The running topology. */
export class ClusterServer implements MeasuredServer, ServerTopology {
  url = '';
  nodeUrls: string[] = [];
  readonly restartable = null;
  readonly counters = null;
  readonly topology: ServerTopology = this;
  readonly unexpectedEnd: Promise<string>;
  private endUnexpectedly: (reason: string) => void = () => undefined;
  private broker: ExternalProcess | null = null;
  private brokerToStart: BrokerPlan | null = null;
  /** The cluster adapter's primary, whose workers the nodes are; null for every other adapter. */
  private primary: ClusterPrimary | null = null;
  private lb: ExternalProcess | null = null;
  private pool: BalancerPool | null = null;
  private readonly nodes: Array<ServerProcess | null>;
  private readonly nodePorts: number[];
  /** Nodes the fault plan killed: their exit is planned, not a failure. */
  private readonly plannedDown = new Set<number>();
  private clusterSampler: ClusterSampler | null = null;
  private readonly faults: FaultScheduler;
  private holdStartedAt: number | null = null;
  /** performance.now() the sampler's tMs counts from. */
  private sampledFrom = 0;
  /** performance.now() of each point: the hold's start, which the times count from, is known only later. */
  private readonly connected: Array<{ at: number; connected: number }> = [];
  private lastConnectedAt = Number.NEGATIVE_INFINITY;
  private stopping = false;

  private constructor(
    private readonly cluster: ClusterConfig,
    private readonly options: ServerOptions,
    private readonly context: ServerStartContext,
    private readonly runDir: string,
    private readonly lbPlan: LoadBalancerPlan,
  ) {
    this.nodes = Array.from({ length: cluster.nodes }, () => null);
    this.nodePorts = Array.from({ length: cluster.nodes }, () => 0);
    this.unexpectedEnd = new Promise((resolve) => (this.endUnexpectedly = resolve));
    this.faults = new FaultScheduler(cluster.faults, (component) => this.faultTarget(component));
  }

  /** Starts Redis, the nodes and the load balancer; on any failure stops what started and rethrows. */
  static async start(
    cluster: ClusterConfig,
    options: ServerOptions,
    context: ServerStartContext,
    runDir: string,
    lbPlan: LoadBalancerPlan,
  ): Promise<ClusterServer> {
    const server = new ClusterServer(cluster, options, context, path.resolve(runDir), lbPlan);
    try {
      await server.startAll();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  private async startAll(): Promise<void> {
    // The broker and the nodes may be restarted on their ports (--kill ...,restart@): see restart-port.ts.
    const broker = brokerOf(this.cluster.adapter);
    if (broker !== null) {
      this.brokerToStart = await brokerPlan(broker, () => freePortBelowEphemeralRange('127.0.0.1'), this.runDir, this.cluster.nodes);
      this.broker = await this.startComponent(this.brokerToStart.spec);
    } else {
      this.primary = await ClusterPrimary.start(this.context.fileLimit);
      const primary = this.primary;
      void primary.exited.then((exit) => {
        if (primary.stopRequested || this.stopping) return;
        this.endUnexpectedly(
          `the node:cluster primary (pid ${primary.pid}) ${describeExit(exit)} during ${this.context.phase()}, and its nodes with it${primary.logTail()}`,
        );
      });
    }
    const nodePorts = await Promise.all(this.nodes.map(() => freePortBelowEphemeralRange('127.0.0.1')));
    await Promise.all(nodePorts.map((port, index) => this.startNode(index, port)));
    const secure = Boolean(this.options.tls);
    this.nodeUrls = this.nodePorts.map((port) => serverUrl(this.options.transport, this.options.host, port, secure));
    if (this.cluster.lb === 'none') {
      this.url = this.nodeUrls[0] as string;
    } else {
      const lbPort = await freePortBelowEphemeralRange('127.0.0.1');
      // A node that --add-node-at starts later has its port from now, so the balancer knows it out of the pool.
      const added = this.cluster.faults.some((step) => step.action === 'add') ? await freePortBelowEphemeralRange('127.0.0.1') : null;
      const pooledPorts = added === null ? [...this.nodePorts] : [...this.nodePorts, added];
      const settings: LoadBalancerSettings = {
        port: lbPort,
        nodePorts: pooledPorts,
        sticky: this.cluster.sticky,
        workers: this.lbPlan.workers,
        fileLimit: this.lbPlan.fileLimit,
        failover: plansNodeKill(this.cluster),
        tls: this.options.tls ?? null,
        pool: pooledPorts.map((_port, index) => index < this.cluster.nodes),
        ...(this.cluster.lb === 'haproxy' && plansPoolChange(this.cluster) ? { adminSocket: haproxyAdminSocket(lbPort) } : {}),
      };
      this.lb = await this.startComponent(this.cluster.lb === 'nginx' ? nginxComponent(settings, this.runDir) : haproxyComponent(settings, this.runDir));
      this.pool = new BalancerPool(this.lb, this.cluster.lb, settings, this.runDir);
      this.url = serverUrl(this.options.transport, '127.0.0.1', lbPort, secure);
    }
    this.sampledFrom = performance.now();
    this.clusterSampler = new ClusterSampler(
      { nodes: () => this.nodes, groups: () => this.sampledGroups() },
      this.runDir,
      this.context.sampleIntervalMs,
      this.sampledFrom,
      this.context.writeSample,
      (phase) => {
        if (phase === 'hold' && this.holdStartedAt === null) {
          this.holdStartedAt = performance.now();
          this.faults.start();
        }
      },
    );
    if (this.context.exposeGc) await this.collectGarbage();
    await this.clusterSampler.sampleNow();
  }

  private sampledGroups(): Array<{ component: string; pid: number | null; group: boolean }> {
    const groups =
      this.primary !== null
        ? // The primary shares bench's process group and its workers are the nodes: it is sampled alone.
          [{ component: 'primary', pid: this.primary.pid, group: false }]
        : [{ component: this.brokerToStart?.spec.name ?? 'broker', pid: this.broker?.pid ?? null, group: true }];
    if (this.cluster.lb !== 'none') groups.unshift({ component: 'lb', pid: this.lb?.pid ?? null, group: true });
    return groups;
  }

  private async startComponent(spec: ComponentSpec): Promise<ExternalProcess> {
    const component = await ExternalProcess.start(spec, this.runDir, COMPONENT_START_TIMEOUT_MS);
    void component.exited.then((exit) => {
      if (component.stopRequested || this.stopping) return;
      this.endUnexpectedly(`${spec.name} (pid ${component.pid}) ${describeExit(exit)} during ${this.context.phase()}${component.logTail()}`);
    });
    return component;
  }

  /** Starts node `index` on `port` (a restart reuses its port) and watches its exit. */
  private async startNode(index: number, port: number): Promise<void> {
    const options: ServerOptions = {
      ...this.options,
      // TLS ends at the load balancer, as in production: the nodes behind it speak plain HTTP.
      tls: this.cluster.lb === 'none' ? (this.options.tls ?? null) : null,
      port,
      sync: { brokerUrl: this.brokerToStart?.url ?? null, adapter: this.cluster.adapter, nodeId: index },
    };
    const primary = this.primary;
    const node = await launchServer(options, {
      startTimeoutMs: this.context.startTimeoutMs,
      fileLimit: this.context.fileLimit,
      exposeGc: this.context.exposeGc,
      ...(primary === null ? {} : { spawn: (execArgv: string[]) => primary.fork(index, execArgv) }),
    });
    this.nodes[index] = node;
    this.nodePorts[index] = node.port;
    void node.exited.then((exit) => {
      if (node.stopping || this.stopping || this.plannedDown.has(index)) return;
      this.endUnexpectedly(`node:${index}: ${serverExitReason(this.options.transport, exit, this.context.phase())}${tailText(node.stderrTail())}`);
    });
  }

  private faultTarget(component: FaultComponent): FaultTarget {
    if (!component.startsWith('node:')) {
      return {
        kill: async () => {
          await this.broker?.kill();
          this.broker = null;
        },
        restart: async () => {
          if (this.brokerToStart === null || this.stopping) return;
          this.broker = await this.startComponent(this.brokerToStart.spec);
        },
      };
    }
    const index = Number(component.slice('node:'.length));
    return {
      add: async () => {
        if (this.stopping) return;
        if (this.pool === null) throw new Error(`node:${index} cannot join a pool: the run has no load balancer`);
        const port = this.pool.portOf(index);
        await this.startNode(index, port);
        await this.pool.set(index, true);
      },
      drain: async () => {
        const node = this.nodes[index];
        if (this.stopping) return;
        if (this.pool === null) throw new Error(`node:${index} cannot leave a pool: the run has no load balancer`);
        if (!node) throw new Error(`node:${index} is not running (its --add-node-at failed, or it was killed)`);
        // Out of the pool first, so that the clients it closes reconnect to the others.
        await this.pool.set(index, false);
        if ((await node.drain()) === null) throw new Error(`node:${index} did not say it had closed its clients`);
      },
      kill: async () => {
        const node = this.nodes[index];
        this.plannedDown.add(index);
        this.nodes[index] = null;
        if (node) {
          process.kill(node.pid, 'SIGKILL');
          await node.exited;
        }
      },
      restart: async () => {
        if (this.stopping) return;
        await this.startNode(index, this.nodePorts[index] as number);
        this.plannedDown.delete(index);
      },
    };
  }

  get sampler(): ClusterSampler {
    if (this.clusterSampler === null) throw new Error('the cluster has no sampler before it started');
    return this.clusterSampler;
  }

  async collectGarbage(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node?.collectGarbage()));
  }

  /** The workers' count of connected clients, kept about once a second. */
  clientsConnected(connected: number): void {
    const now = performance.now();
    if (now - this.lastConnectedAt < CONNECTED_POINT_EVERY_MS) return;
    this.lastConnectedAt = now;
    this.connected.push({ at: now, connected });
  }

  /** Stops the fault plan, the sampler, the nodes, the load balancer and Redis; nothing is left running. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.faults.stop();
    if (this.clusterSampler) {
      await this.clusterSampler.sampleNow().catch(() => undefined);
      await this.clusterSampler.stop();
    }
    await Promise.all(this.nodes.map((node) => node?.stop()));
    await this.lb?.stop();
    this.pool?.cleanup();
    removeLoadBalancerTlsFiles(this.runDir);
    await this.broker?.stop();
    this.brokerToStart?.spec.cleanup?.(this.runDir);
    await this.primary?.stop();
  }

  describe(): { remote: false; pid: number; url: string } {
    return { remote: false, pid: this.nodes[0]?.pid ?? -1, url: this.url };
  }

  libraries(): ReturnType<MeasuredServer['libraries']> {
    return this.nodes.find((node) => node !== null)?.libraries ?? [];
  }

  /** What the topology recorded so far, for summary.cluster. */
  measurements(): ClusterMeasurements {
    const sampler = this.clusterSampler;
    return {
      cluster: this.cluster,
      nodePorts: [...this.nodePorts],
      componentSamples: (component) => sampler?.componentSamples(component) ?? [],
      faults: this.faults.result(),
      connected: [...this.connected],
      holdStartedAt: this.holdStartedAt,
      sampledFrom: this.sampledFrom,
      sampled: sampler !== null,
    };
  }
}
