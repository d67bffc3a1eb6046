/** Progress of a sweep on stderr: "cell k of n" with the time left, a line per finished cell, and the run's own progress. */
import type { RunSummary } from '../summary/run-summary-types.js';
import type { SweepEvent, SweepResult } from '../sweep/sweep-engine.js';
import { describeCell } from '../sweep/sweep-grid.js';
import { formatBytes, formatMs } from './format.js';
import { createProgressRenderer } from './progress-renderer.js';

/** A duration for people: "45 s", "4 min 10 s", "1 h 12 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function cellResultLine(status: string, reason: string | null, summary: RunSummary | null, wallMs: number | null): string {
  const wall = wallMs === null ? '' : `, ${formatMs(wallMs)}`;
  if (!summary || summary.connected === 0) return `  ${status}: ${reason ?? 'no client connected'}${wall}`;
  const rss = summary.server ? `, steady RSS ${formatBytes(summary.server.steadyRssBytes)}` : '';
  const saturated = summary.loadGenerator.saturated ? ' (load generator saturated)' : '';
  const because = reason ? ` - ${reason}` : '';
  return (
    `  ${status}: connected ${summary.connected}/${summary.clients}, connect p50 ${formatMs(summary.connectMs?.p50)}, ` +
    `first message p50 ${formatMs(summary.firstMessageMs?.p50)}${rss}${wall}${saturated}${because}`
  );
}

/** Renders sweep events; `finish` ends a progress line left open on a terminal. */
export function createSweepProgressRenderer(stream: NodeJS.WriteStream, quiet: boolean): { onEvent(event: SweepEvent): void; finish(): void } {
  const run = createProgressRenderer(stream, quiet);
  return {
    onEvent(event) {
      switch (event.type) {
        case 'run-event':
          run.onEvent(event.event);
          return;
        case 'resume':
          if (!quiet) stream.write(`resuming: ${event.finished} of ${event.total} cells already done\n`);
          return;
        case 'cell-start': {
          if (quiet) return;
          const left = event.remainingMs === null ? 'time left known after the first cell' : `about ${formatDuration(event.remainingMs)} left`;
          stream.write(`cell ${event.index} of ${event.total}: ${describeCell(event.cell, event.repeats, event.stacked)} (${left})\n`);
          return;
        }
        case 'cell-done':
          run.finish();
          if (!quiet) stream.write(`${cellResultLine(event.cell.status, event.cell.reason, event.summary, event.cell.wallMs)}\n`);
          return;
      }
    },
    finish: run.finish,
  };
}

/** The closing lines of a sweep. */
export function renderSweepResult(result: SweepResult): string {
  const { counts, manifest } = result;
  const parts = [`${counts.ok} ok`];
  if (counts.partial > 0) parts.push(`${counts.partial} partial`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.interrupted > 0) parts.push(`${counts.interrupted} interrupted`);
  if (counts.pending > 0) parts.push(`${counts.pending} not run`);
  const lines = [`sweep ${manifest.status}: ${manifest.cells.length} cells, ${parts.join(', ')}, wall ${formatDuration(result.wallMs)}`];
  for (const cell of manifest.cells) {
    if (cell.status === 'failed' || cell.status === 'partial') {
      lines.push(`  ${cell.status}: ${describeCell(cell, manifest.grid.repeat, manifest.grid.stacks !== undefined)}: ${cell.reason ?? ''}`);
    }
  }
  if (manifest.status === 'interrupted') lines.push(`resume with: bench sweep --resume ${result.sweepDir}`);
  lines.push(`files: ${result.sweepDir} (summary.csv, sweep.json, one folder per run)`);
  return lines.join('\n');
}
