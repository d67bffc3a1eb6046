/**
 * --slow-readers: what clients that stop reading cost the server. Their echoes pile up in the
 * server's buffers; the server's memory over the hold, its own count of open connections (which
 * falls when the library drops a client that does not answer its heartbeat or whose buffer it
 * caps) and the other clients' round trips (summary.steadyTraffic, of those alone) say what it did.
 */
import type { WorkerSteadyTraffic } from '../../protocol/messages.js';
import type { SampleRow } from '../results/file-rows.js';

/** summary.slowReaders. */
export interface SlowReadersSummary {
  share: number;
  /** Clients chosen to stop reading, and those whose socket could be paused. */
  clients: number;
  paused: number;
  /** Messages the slow readers sent during the hold: the server owed each an echo it could not deliver. */
  sent: number;
  /** The server's own count of open connections as the hold began, and its lowest over the hold. */
  serverConnectionsAtStart: number | null;
  serverConnectionsLowest: number | null;
  /** Seconds after the hold began when the server's count first fell below its start; null when it never did. */
  firstDropSeconds: number | null;
  /** Growth over the hold (last hold sample minus the first), in bytes: RSS, V8 heap used, external. */
  rssGrowthBytes: number | null;
  heapUsedGrowthBytes: number | null;
  externalGrowthBytes: number | null;
  /** rssGrowthBytes / paused slow readers. */
  rssBytesPerSlowReader: number | null;
}

/** The slow readers' figures from the workers' reports and the hold's samples. */
export function summariseSlowReaders(
  share: number,
  workers: ReadonlyArray<Pick<WorkerSteadyTraffic, 'slowReaders'>>,
  samples: ReadonlyArray<Pick<SampleRow, 'tMs' | 'rssBytes' | 'heapUsedBytes' | 'externalBytes' | 'connections' | 'phase'>>,
): SlowReadersSummary {
  const sum = (pick: (figures: { clients: number; paused: number; sent: number }) => number): number =>
    workers.reduce((total, worker) => total + (worker.slowReaders === undefined ? 0 : pick(worker.slowReaders)), 0);
  const hold = samples.filter((sample) => sample.phase === 'hold');
  const first = hold[0];
  const last = hold.at(-1);
  const growth = (pick: (sample: NonNullable<typeof first>) => number | null): number | null => {
    if (first === undefined || last === undefined) return null;
    const [from, to] = [pick(first), pick(last)];
    return from === null || to === null ? null : to - from;
  };
  const counts = hold.flatMap((sample) => (sample.connections === null ? [] : [sample.connections]));
  const atStart = first?.connections ?? null;
  const firstDrop = atStart === null ? undefined : hold.find((sample) => sample.connections !== null && sample.connections < atStart);
  const paused = sum((figures) => figures.paused);
  const rssGrowthBytes = growth((sample) => sample.rssBytes);
  return {
    share,
    clients: sum((figures) => figures.clients),
    paused,
    sent: sum((figures) => figures.sent),
    serverConnectionsAtStart: atStart,
    serverConnectionsLowest: counts.length === 0 ? null : Math.min(...counts),
    firstDropSeconds: firstDrop === undefined || first === undefined ? null : (firstDrop.tMs - first.tMs) / 1000,
    rssGrowthBytes,
    heapUsedGrowthBytes: growth((sample) => sample.heapUsedBytes),
    externalGrowthBytes: growth((sample) => sample.externalBytes),
    rssBytesPerSlowReader: rssGrowthBytes === null || paused === 0 ? null : Math.round(rssGrowthBytes / paused),
  };
}
