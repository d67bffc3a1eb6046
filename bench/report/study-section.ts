/** The page's two sections on the 2020 study: the claim-by-claim table per setting, and what explains the differences. */
import { escapeHtml } from './html-escape.js';
import { machineLine } from './method-section.js';
import type { ReportSource } from './report-source.js';
import type { StudyComparison } from './study-comparison.js';
import type { StudyData } from './study-data.js';
import type { Explanations } from './study-explanations.js';

/** What the two sections show. */
export interface StudySectionInput {
  source: ReportSource;
  study: StudyData;
  comparison: StudyComparison;
  explanations: Explanations;
}

function tallyLine(comparison: StudyComparison): string {
  const lines = comparison.settings.map((setting) => {
    const tally = { agrees: 0, differs: 0, untested: 0 };
    for (const row of comparison.rows) {
      const column = row.columns.find((item) => item.setting === setting);
      if (column) tally[column.outcome] += 1;
    }
    const who = comparison.settings.length > 1 ? `${setting}: ` : '';
    return `${who}${tally.agrees} of ${comparison.rows.length} rows agree with the study, ${tally.differs} differ, ${tally.untested} could not be compared`;
  });
  return `${lines.join('; ')} (no figure of ours at that size; each row says why).`;
}

function comparisonTable(comparison: StudyComparison): string {
  const several = comparison.settings.length > 1;
  const head = comparison.settings
    .map((setting) => {
      const suffix = several ? ` (${setting})` : '';
      return `<th>${escapeHtml(`ours${suffix}`)}</th><th>${escapeHtml(`ratio (ours / study)${suffix}`)}</th><th>${escapeHtml(`verdict${suffix}`)}</th>`;
    })
    .join('');
  const rows = comparison.rows.map((row) => {
    const columns = row.columns
      .map(
        (column) =>
          `<td>${escapeHtml(column.ours)}</td><td class="num">${escapeHtml(column.ratio)}</td><td class="${column.outcome}">${escapeHtml(column.verdict)}</td>`,
      )
      .join('');
    return `<tr><td>${escapeHtml(row.claim)}</td><td class="num">${escapeHtml(row.study)}</td>${columns}</tr>`;
  });
  return `<div class="wide"><table>
<thead><tr><th>the study's claim</th><th>study</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

function explanationSection(explanations: Explanations): string {
  const head = explanations.settings.map((setting) => `<th>${escapeHtml(setting)} (ours / study)</th>`).join('');
  const rows = explanations.rows.map(
    (row) =>
      `<tr><td>${escapeHtml(row.claim)}</td><td class="num">${escapeHtml(row.study)}</td>${row.ours.map((value) => `<td class="num">${escapeHtml(value)}</td>`).join('')}<td>${escapeHtml(row.factor)}</td></tr>`,
  );
  return `<section id="explanations">
<h2>What explains the differences</h2>
<p>Per figure of the study: the study, our run under its conditions (<code>--profile study-2020</code>: socket.io 2.3.0, ws 7.2.1, sockjs 0.3.20 with their 2020 defaults) and our default run (today's libraries, bench's defaults), and which factor moved the figure. A factor is named only where these runs show it: version and defaults are told apart only when a <code>--stack 2020</code> or a <code>--profile current-defaults</code> run is in the results too; what no library setting explains is left to the machine or the study's procedure, which these runs cannot tell apart.</p>
<div class="wide"><table>
<thead><tr><th>the study's figure</th><th>study</th>${head}<th>what moved it</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
</section>`;
}

/** Both sections as HTML. */
export function studySections(input: StudySectionInput): string {
  const { study, comparison, source } = input;
  const { provenance, machines } = study;
  return `<section id="study">
<h2>This machine vs the 2020 study</h2>
<p class="note"><strong>Our machine differs from the study's, and so do the package versions unless a column says it ran the 2020 stack.</strong> The study ran its server on ${escapeHtml(machines.server)} and its clients on ${escapeHtml(machines.clients)}. These runs used ${escapeHtml(machineLine(source))}. Read each ratio (ours / study) as a check of shape and rough size, not as a re-measurement: our figures are p50 over clients (steady RSS for memory). ${escapeHtml(provenance.note)}</p>
<p>${escapeHtml(tallyLine(comparison))}</p>
${comparisonTable(comparison)}
<p>Source: ${escapeHtml(provenance.author)}, "${escapeHtml(provenance.title)}", ${escapeHtml(provenance.institution)}, ${escapeHtml(provenance.year)}, as quoted by "${escapeHtml(provenance.quotedBy.title)}" (${escapeHtml(provenance.quotedBy.publisher)}, ${escapeHtml(provenance.quotedBy.year)}). The figures are kept in <code>data/study-2020.json</code>.</p>
</section>
${explanationSection(input.explanations)}`;
}
