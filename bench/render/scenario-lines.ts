/** The printed summary's lines about a scenario run: its clients, and a table of its steps. */
import type { RunSummary } from '../summary/run-summary-types.js';
import type { ScenarioSummary, StepSummary } from '../summary/scenario-types.js';
import { formatMs, formatTable } from './format.js';

function clientsLine(scenario: ScenarioSummary): string {
  const groups = Object.entries(scenario.groups);
  const groupText = groups.length > 1 ? ` (${groups.map(([name, count]) => `${name} ${count}`).join(', ')})` : '';
  const problems = [
    scenario.unexpected > 0 ? `${scenario.unexpected} unexpected messages` : null,
    scenario.closedByServer > 0 ? `${scenario.closedByServer} closed by the server` : null,
    scenario.left > 0 ? `${scenario.left} left` : null,
  ].filter((text): text is string => text !== null);
  return `scenario${scenario.name === null ? '' : ` "${scenario.name}"`}${groupText}: ${scenario.finished} clients ran every step${problems.length > 0 ? `, ${problems.join(', ')}` : ''}`;
}

function countsText(step: StepSummary): string {
  const done = step.kind === 'on' ? `${step.completed}` : `${step.completed}/${step.started}`;
  const expected = step.expected === null ? '' : ` of ${step.expected} expected`;
  return done + expected;
}

/** The lines, or none without a scenario. */
export function scenarioLines(summary: RunSummary): string[] {
  if (summary.scenario === undefined || summary.steps === undefined) return [];
  const rows = Object.entries(summary.steps).map(([name, step]) => [
    name,
    step.kind,
    countsText(step),
    String(step.timeouts),
    String(step.failures + step.disconnects),
    step.p50 === null ? '-' : formatMs(step.p50),
    step.p99 === null ? '-' : formatMs(step.p99),
    step.max === null ? '-' : formatMs(step.max),
  ]);
  const lines = [clientsLine(summary.scenario)];
  if (rows.length > 0) lines.push(formatTable([['step', 'kind', 'done', 'timeouts', 'failed', 'p50', 'p99', 'max'], ...rows]));
  return lines;
}
