/**
 * The node:cluster primary of a run with --adapter cluster, as bench sees it: a child process that
 * forks the nodes as its workers and relays the adapter's messages between them. Each node is a
 * ServerChannel here (a ServerProcess like any other), its messages, stderr and exit passed on by
 * the primary; a kill goes straight to the worker's PID.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { compiledScript, startNodeChild } from '../run/child-process.js';
import { ComponentStartError } from './external-process.js';
import { describeExit, keepTail, tailText, type ServerChannel } from '../run/server-launcher.js';
import type { ParentToPrimary, ParentToServer, PrimaryToParent, ServerToParent } from '../../protocol/messages.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';

/** One node, a worker of the primary, behind the primary's IPC channel. */
class ForwardedNode extends EventEmitter implements ServerChannel {
  readonly stderr = new PassThrough();
  readonly stdout = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  pid: number | null = null;

  constructor(
    private readonly primary: ClusterPrimary,
    private readonly index: number,
  ) {
    super();
  }

  get connected(): boolean {
    return this.exitCode === null && this.signalCode === null && this.primary.connected;
  }

  send(message: ParentToServer): boolean {
    return this.primary.send({ type: 'primary-to-node', index: this.index, message });
  }

  kill(signal: NodeJS.Signals): boolean {
    if (this.pid === null || !this.connected) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false; // Already gone.
    }
  }

  ended(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.stderr.end();
    this.stdout.end();
    this.emit('exit', code, signal);
  }
}

const READY_TIMEOUT_MS = 10_000;

/** The running primary: forks nodes on request and passes each one's traffic on. */
export class ClusterPrimary {
  private readonly nodes = new Map<number, ForwardedNode>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly libraries: LoadedLibrary[],
    /** The last lines it wrote to stderr. */
    private readonly stderr: string[],
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.on('message', (message: PrimaryToParent) => this.handle(message));
    void this.exited.then(() => {
      // Workers cannot outlive their primary: each node ends with it.
      for (const node of this.nodes.values()) if (node.exitCode === null && node.signalCode === null) node.ended(null, 'SIGKILL');
    });
  }

  /** Starts the primary with the run's open-file limit (its workers inherit it) and waits until it is ready. */
  static async start(fileLimit: number | null): Promise<ClusterPrimary> {
    const child = startNodeChild(compiledScript('servers/cluster-primary.js'), { fileLimit });
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (text: string) => keepTail(stderr, text));
    child.stdout?.resume();
    const libraries = await new Promise<LoadedLibrary[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new ComponentStartError(`the node:cluster primary did not start within ${READY_TIMEOUT_MS / 1000} s${tailText(stderr)}`));
      }, READY_TIMEOUT_MS);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new ComponentStartError(`the node:cluster primary ${describeExit({ code, signal })} as it started${tailText(stderr)}`));
      });
      child.on('message', (message: PrimaryToParent) => {
        if (message.type !== 'primary-ready') return;
        clearTimeout(timer);
        resolve(message.libraries);
      });
    });
    return new ClusterPrimary(child, libraries, stderr);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get connected(): boolean {
    return this.child.connected;
  }

  /** True once stop() was asked: an exit after that is expected. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  send(message: ParentToPrimary): boolean {
    if (!this.child.connected) return false;
    return this.child.send(message);
  }

  /** Forks node `index` as a worker; what ServerProcess.launch takes as its spawn. */
  fork(index: number, execArgv: string[]): ServerChannel {
    const node = new ForwardedNode(this, index);
    this.nodes.set(index, node);
    this.send({ type: 'primary-fork', index, execArgv });
    return node;
  }

  private handle(message: PrimaryToParent): void {
    if (message.type === 'primary-ready') return;
    const node = this.nodes.get(message.index);
    if (node === undefined) return;
    switch (message.type) {
      case 'node-forked':
        node.pid = message.pid;
        return;
      case 'node-message':
        node.emit('message', message.message satisfies ServerToParent);
        return;
      case 'node-stderr':
        node.stderr.write(message.text);
        return;
      case 'node-exit':
        node.ended(message.code, message.signal);
        return;
    }
  }

  /** Its last stderr lines, formatted to end an error message. */
  logTail(): string {
    return tailText(this.stderr);
  }

  /** Ends the primary; its workers go with it (they were stopped first by the topology). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
