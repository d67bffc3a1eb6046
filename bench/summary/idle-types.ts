/** Types of what holding connections with no traffic costs the server (idle mode): CPU, bytes on the wire, and RSS drift. */
import type { HeartbeatSettings, ServerUsage } from '../../protocol/messages.js';
import type { SlopeWithInterval } from '../stats/linear-fit.js';

/** The idle hold's cost; the `summary.idle` of run.json. */
export interface IdleCost {
  /** The server's heartbeat during the hold. */
  heartbeat: HeartbeatSettings;
  /** Between the server's two readings at the hold's start and end, in seconds. */
  measuredSeconds: number;
  /** Connections held: clients connected and not dropped. The per-connection figures divide by this. */
  connections: number;
  /** Sockets the server had open at the end of the hold, by its own count. */
  serverOpenSockets: number;
  /** Server CPU time (user + system, every thread) over the hold, in seconds. */
  serverCpuSeconds: number;
  /** serverCpuSeconds / (connections / 1000) / minutes; null without connections. */
  cpuSecondsPer1000ConnectionsPerMinute: number | null;
  /** Bytes the server's sockets read and wrote over the hold (heartbeats and their answers). */
  socketBytesRead: number;
  socketBytesWritten: number;
  /** (read + written) / connections / minutes; null without connections. */
  bytesPerConnectionPerMinute: number | null;
  /** Least-squares slope of the server's RSS over the hold's samples, in bytes per minute, with its 95% interval; null with fewer than 3 samples. */
  rssSlopeBytesPerMinute: SlopeWithInterval | null;
}

/** The two readings of the server's own counters that bracket the idle hold. */
export interface IdleReadings {
  start: ServerUsage;
  startedAtMs: number;
  end: ServerUsage;
  endedAtMs: number;
}
