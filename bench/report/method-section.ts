/**
 * The method section of the report, from the run.json files alone: machine, Node and package
 * versions, settings, transport variants, where the server ran, and load-generator warnings.
 * Returns HTML; every value from run data is escaped here.
 */
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type { Environment } from '../run/environment.js';
import { deflateWords, TRANSPORTS, variantLabel } from '../../protocol/transports.js';
import type { RunConfig } from '../config/run-config.js';
import type { RemoteServerDescription, StoredRunJson } from '../results/run-json.js';
import { escapeHtml } from './html-escape.js';
import type { ReportRun, ReportSource } from './report-source.js';

/** The parts of run.json the method section reads; every field may be missing in an odd file. */
type RunJsonView = Partial<StoredRunJson>;

const GIB = 1024 ** 3;

/** The server's description when it ran on a target box through bench agent (run.json `server.remote`), else null. */
function remoteServer(run: RunJsonView): Partial<RemoteServerDescription> | null {
  return run.server?.remote === true ? run.server : null;
}

/** True when the run's server ran on a target box through bench agent. */
function isRemote(run: RunJsonView): boolean {
  return remoteServer(run) !== null;
}

/** The box a remote run's server ran on: its host name, CPU and memory; null for a local run. */
function boxLine(run: RunJsonView): string | null {
  const server = remoteServer(run);
  if (!server) return null;
  const box = server.environment;
  const where = box?.hostname ?? server.agentUrl ?? 'the target box';
  const cpu = box?.cpu ? `, ${box.cpu.model} (${box.cpu.cores} cores)` : '';
  const memory = box?.memoryBytes ? `, ${(box.memoryBytes / GIB).toFixed(0)} GiB` : '';
  return `${where}${cpu}${memory}`;
}

function view(run: ReportRun): RunJsonView {
  return (run.run.runJson ?? {}) as RunJsonView;
}

/** The distinct values a fact takes over the runs, in first-seen order. */
function distinct(runs: readonly ReportRun[], read: (run: RunJsonView) => string | null): string[] {
  const values: string[] = [];
  for (const run of runs) {
    const value = read(view(run));
    if (value !== null && !values.includes(value)) values.push(value);
  }
  return values;
}

/** A fact as one value, or "differs between runs: a; b". */
function fact(runs: readonly ReportRun[], read: (run: RunJsonView) => string | null): string {
  const values = distinct(runs, read);
  if (values.length === 0) return 'not recorded';
  if (values.length === 1) return values[0] as string;
  return `differs between runs: ${values.join('; ')}`;
}

function packageList(environment: Partial<Environment> | undefined): string | null {
  return environment?.packages
    ? Object.entries(environment.packages)
        .map(([name, version]) => `${name} ${version ?? 'not installed'}`)
        .join(', ')
    : null;
}

/** What a run's server and clients loaded, per its run.json's libraries; null for runs from before stacks. */
function loadedLibraries(run: RunJsonView): string | null {
  const libraries = run.libraries;
  if (!libraries || (!libraries.server && !libraries.clients)) return null;
  const list = (loaded: readonly LoadedLibrary[] | null | undefined): string =>
    (loaded ?? []).map((item) => `${item.package} ${item.version}`).join(', ') || 'not reported';
  return `stack ${libraries.stack}: server ${list(libraries.server)}; clients ${list(libraries.clients)}`;
}

function machineFacts(runs: readonly ReportRun[]): Array<[string, string]> {
  const remote = runs.some((run) => isRemote(view(run)));
  const boxFacts: Array<[string, string]> = remote
    ? [
        ['server machine (bench agent)', fact(runs, boxLine)],
        ['server packages (on the box)', fact(runs, (r) => packageList(remoteServer(r)?.environment))],
        ['server Node.js (on the box)', fact(runs, (r) => remoteServer(r)?.environment?.nodeVersion ?? null)],
      ]
    : [];
  return [
    ...boxFacts,
    ['CPU', fact(runs, (r) => (r.environment?.cpu ? `${r.environment.cpu.model}, ${r.environment.cpu.cores} cores` : null))],
    ['memory', fact(runs, (r) => (r.environment?.memoryBytes ? `${(r.environment.memoryBytes / GIB).toFixed(1)} GiB` : null))],
    ['OS', fact(runs, (r) => (r.environment?.os ? `${r.environment.os.platform} ${r.environment.os.release} (${r.environment.os.kernel})` : null))],
    ['Node.js', fact(runs, (r) => r.environment?.nodeVersion ?? null)],
    [
      'bench',
      fact(runs, (r) =>
        r.environment?.benchVersion
          ? `${r.environment.benchVersion}${r.environment.gitCommit ? `, commit ${r.environment.gitCommit.slice(0, 12)}` : ''}`
          : null,
      ),
    ],
    [remote ? 'packages (clients)' : 'packages', fact(runs, (r) => packageList(r.environment))],
    ['libraries loaded (read from their package.json)', fact(runs, loadedLibraries)],
    ['open-file limit', fact(runs, (r) => (r.environment?.fileLimit ? `soft ${r.environment.fileLimit.soft}, hard ${r.environment.fileLimit.hard}` : null))],
  ];
}

function settingFacts(runs: readonly ReportRun[]): Array<[string, string]> {
  const setting = (read: (config: Partial<RunConfig>) => unknown): string => fact(runs, (r) => (r.config ? String(read(r.config)) : null));
  const facts: Array<[string, string]> = [
    ['client workers', setting((c) => c.workers)],
    ['handshakes in flight (concurrency)', setting((c) => c.concurrency)],
    ['opening rate', setting((c) => (c.ratePerSecond === null || c.ratePerSecond === undefined ? 'unlimited' : `${c.ratePerSecond} per second`))],
    ['hold', setting((c) => `${c.holdSeconds} s`)],
    ['connect timeout', setting((c) => `${c.connectTimeoutSeconds} s`)],
    ['server sampling', setting((c) => `every ${c.sampleIntervalMs} ms`)],
    ['mode', setting((c) => `${c.mode}, first message ${c.payloadBytes} bytes`)],
    ['full GC before the hold', setting((c) => (c.gcBeforeSteady ? 'yes' : 'no'))],
    [
      'fault injection',
      setting((c) => (c.injectDelayMs || c.injectRetainKb ? `echo delay ${c.injectDelayMs} ms, ${c.injectRetainKb} KiB retained per connection` : 'none')),
    ],
  ];
  const steady = setting((c) =>
    typeof c.messagesPerSecond === 'number' && c.messagesPerSecond > 0 ? `${c.messagesPerSecond} messages per second per client` : 'none',
  );
  if (steady !== 'none' && steady !== 'not recorded') facts.push(['steady traffic in the hold', steady]);
  return facts;
}

function variantFacts(source: ReportSource): Array<[string, string]> {
  const byTransport = new Map<string, Set<string>>();
  for (const cell of source.cells) {
    const deflate = !TRANSPORTS[cell.transport].supportsPerMessageDeflate ? '' : `, per-message deflate ${deflateWords(cell.variant.perMessageDeflate)}`;
    const labels = byTransport.get(cell.transport) ?? new Set<string>();
    labels.add(`${variantLabel(cell.transport, { ...cell.variant, perMessageDeflate: false })}${deflate}`);
    byTransport.set(cell.transport, labels);
  }
  return [...byTransport.entries()].map(([transport, labels]) => [`${transport} transports`, [...labels].join('; ')]);
}

function serverPlace(runs: readonly ReportRun[]): string {
  const targets = distinct(runs, (r) => (r.config?.target ? r.config.target : null));
  const remote = runs.filter((run) => isRemote(view(run)));
  if (remote.length > 0) {
    const share = remote.length === runs.length ? 'Each run started its echo server' : `${remote.length} of ${runs.length} runs started their echo server`;
    return (
      `${share} on another machine through bench agent (${distinct(remote, boxLine).join('; ')}), and its memory was sampled there; ` +
      'the clients ran on the workstation, which the other machine facts below describe.'
    );
  }
  if (targets.length > 0) {
    return `The clients ran against a server already running at ${targets.join(', ')} (--target), possibly on another machine; bench did not start it and did not measure its memory.`;
  }
  const hosts = distinct(runs, (r) => r.config?.host ?? null);
  return `Each run started its own echo server in a separate process on this machine, bound to ${hosts.join(', ') || '127.0.0.1'}; clients and server shared the machine's CPU cores over the loopback interface.`;
}

function factTable(facts: ReadonlyArray<[string, string]>): string {
  const rows = facts.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  return `<table class="facts">\n${rows}\n</table>`;
}

/** The warnings a reader must see: saturated load generators, partial and failed cells. */
function warnings(source: ReportSource): string[] {
  const notes: string[] = [];
  for (const run of source.runs) {
    const { summary } = run.run;
    if (summary.loadGenerator.saturated) {
      notes.push(
        `${summary.transport} ${summary.clients} clients (${run.runId}): ${summary.loadGenerator.note ?? 'the load generator was saturated; its latencies include its own queueing.'}`,
      );
    }
  }
  return notes;
}

/** What firstMessageMs measured: it depends on --mode, so say it per mode the runs used. */
function firstMessageText(runs: readonly ReportRun[]): string {
  const modes = distinct(runs, (r) => (typeof r.config?.mode === 'string' ? r.config.mode : null));
  const echo = '<code>firstMessageMs</code> runs from sending one message at open to its echo';
  const push = '<code>firstMessageMs</code> runs from the open event to a message the server pushes when it accepts the connection';
  if (modes.length === 1 && modes[0] === 'push') return `${push} (push mode).`;
  if (modes.includes('push')) return `${echo} (echo mode); in the push-mode runs, ${push.replace('<code>firstMessageMs</code> ', '')}.`;
  return `${echo}.`;
}

/** The method section as HTML. */
export function methodSection(source: ReportSource): string {
  const runs = source.runs;
  const saturated = warnings(source);
  const saturation =
    saturated.length === 0
      ? '<p>No client worker saturated its CPU or event loop, so the latencies are not inflated by the load generator itself.</p>'
      : `<p class="warning"><strong>Load generator saturated</strong> in ${saturated.length} run(s): their latencies include the load generator's own queueing.</p>\n<ul>${saturated.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
  return `<section id="method">
<h2>Method</h2>
<p>Each run opens the clients against one echo server of one transport. <code>connectMs</code> runs from just before a client object is constructed to its open event (Socket.IO: <code>connect</code>, after the namespace handshake; SockJS: <code>onopen</code>, after <code>/info</code>); time spent waiting for a handshake slot is <code>queuedMs</code>, kept apart. ${firstMessageText(runs)} Server memory is the RSS of the server process sampled from outside by PID; steady RSS is its median over the hold, and memory per connection is (steady - baseline) / connected. Percentiles are nearest-rank over the pooled clients of all workers; repeated cells are summarised by the median with its interval: exact order statistics for 2 to 9 runs, with their true coverage (75% for 3 runs), a 95% bootstrap from 10 runs. The whole method, figure by figure, is <code>docs/method.md</code> in the bench repository.</p>
<p>${escapeHtml(serverPlace(runs))}</p>
<h3>Machine and versions</h3>
${factTable(machineFacts(runs))}
<h3>Settings</h3>
${factTable([...settingFacts(runs), ...variantFacts(source)])}
<h3>Load generator</h3>
${saturation}
</section>`;
}

/** A one-line description of the machine, for the note beside the study table. */
export function machineLine(source: ReportSource): string {
  const runs = source.runs;
  const cpu = fact(runs, (r) => (r.environment?.cpu ? `${r.environment.cpu.model} (${r.environment.cpu.cores} cores)` : null));
  const memory = fact(runs, (r) => (r.environment?.memoryBytes ? `${(r.environment.memoryBytes / GIB).toFixed(0)} GiB` : null));
  const os = fact(runs, (r) => (r.environment?.os ? `${r.environment.os.platform} ${r.environment.os.release}` : null));
  const node = fact(runs, (r) => r.environment?.nodeVersion ?? null);
  const packages = fact(runs, (r) => {
    const loaded = loadedLibraries(r);
    if (loaded !== null) return loaded;
    const p = r.environment?.packages;
    return p ? `ws ${p.ws ?? '?'}, socket.io ${p['socket.io'] ?? '?'}, sockjs ${p.sockjs ?? '?'}` : null;
  });
  const boxes = distinct(runs, boxLine);
  const server = boxes.length > 0 ? `; servers on another machine through bench agent: ${boxes.join('; ')}` : '';
  return `${cpu}, ${memory}, ${os}, Node.js ${node}, ${packages}${server}`;
}
