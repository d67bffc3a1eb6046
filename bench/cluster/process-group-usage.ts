/**
 * RSS and CPU of a component with all its processes (nginx's master and workers, PostgreSQL's
 * backends): every process in the component's process group, which bench made it the leader of,
 * and every descendant of the leader (PostgreSQL's children each start a session of their own),
 * read by PID with pidusage.
 */
import pidusage from 'pidusage';
import { listProcStats } from '../run/proc-stat.js';
import { processTreeOf } from '../run/process-tree.js';

/** The PIDs in the group led by `groupId` or below its leader (Linux /proc); just the leader where /proc cannot be read. */
export function processGroupMembers(groupId: number): number[] {
  const members = processTreeOf(groupId, listProcStats(), (stat) => stat.command).map((member) => member.pid);
  return members.length > 0 ? members : [groupId];
}

/** Summed usage of a set of processes. */
export interface GroupUsage {
  rssBytes: number;
  /** Percent of one core since the previous reading of each process. */
  cpuPercent: number;
  processes: number;
}

/** Summed RSS and CPU of every process in the group led by `groupId`; null when none is left. */
export async function processGroupUsage(groupId: number): Promise<GroupUsage | null> {
  const pids = processGroupMembers(groupId);
  try {
    const usage = await pidusage(pids);
    const stats = Object.values(usage);
    if (stats.length === 0) return null;
    return {
      rssBytes: stats.reduce((sum, stat) => sum + stat.memory, 0),
      cpuPercent: stats.reduce((sum, stat) => sum + stat.cpu, 0),
      processes: stats.length,
    };
  } catch {
    // One of them ended between the listing and the reading: read the leader alone.
    return processUsage(groupId);
  }
}

/** Usage of one process alone; null when it is gone. */
export async function processUsage(pid: number): Promise<GroupUsage | null> {
  try {
    const stat = await pidusage(pid);
    return { rssBytes: stat.memory, cpuPercent: stat.cpu, processes: 1 };
  } catch {
    return null;
  }
}
