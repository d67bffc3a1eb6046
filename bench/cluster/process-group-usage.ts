/**
 * RSS and CPU of a component with all its processes (nginx's master and workers): every process
 * in the component's process group, which bench made it the leader of, read by PID with pidusage.
 */
import pidusage from 'pidusage';
import { listProcStats } from '../run/proc-stat.js';

/** The PIDs whose process group is `groupId` (Linux /proc); just the leader where /proc cannot be read. */
export function processGroupMembers(groupId: number): number[] {
  const members = listProcStats()
    .filter((stat) => stat.pgrp === groupId)
    .map((stat) => stat.pid);
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
    try {
      const leader = await pidusage(groupId);
      return { rssBytes: leader.memory, cpuPercent: leader.cpu, processes: 1 };
    } catch {
      return null;
    }
  }
}
