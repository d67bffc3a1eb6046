/**
 * The charts of a capacity search (capacity.json beside the runs): per objective, its figure
 * against the probes' client counts (the median of each probe's runs with its interval), the
 * objective's bound as a horizontal line and the capacity found (the knee) as a vertical one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CAPACITY_FILE } from '../capacity/capacity-files.js';
import type { CapacityJson } from '../capacity/capacity-types.js';
import { readJsonFile } from '../results/run-json.js';
import { capacityJsonSchema } from '../results/schemas/capacity-json-schema.js';
import { checkAgainstSchema } from '../results/schemas/schema-check.js';
import { findFigure, SHOWN_UNIT_SIZE, type ShownUnit } from '../stats/figures.js';
import type { Slo } from '../slo/slo.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, VEGA_LITE_SCHEMA, type ReportChart } from './chart-style.js';

/** capacity.json of the report's folder, or null when the folder is not a capacity search. */
export function readCapacityOf(input: string): CapacityJson | null {
  const file = path.join(input, CAPACITY_FILE);
  if (!existsSync(file)) return null;
  const value = readJsonFile(file) as Partial<CapacityJson> | null;
  if (!value || value.kind !== 'capacity') return null;
  // A capacity.json of this kind must be whole: a wrong type or missing field is exit 2, naming it.
  checkAgainstSchema(capacityJsonSchema, value, file);
  return value as CapacityJson;
}

/** The unit an objective's axis shows, and its size in the figure's own unit. */
function shownUnit(slo: Slo): { label: string; size: number } {
  if (slo.percentOfClients) return { label: '% of clients', size: 1 };
  const unit = findFigure(slo.figure)?.unit;
  if (unit === 'bytes') return { label: 'MB', size: SHOWN_UNIT_SIZE['MB' satisfies ShownUnit] };
  return { label: unit === 'ms' ? 'ms' : 'clients', size: 1 };
}

const VERDICT_COLORS = { pass: '#2a7d2a', fail: '#c0392b', saturated: '#999999', broken: '#555555', interrupted: '#555555' } as const;

/** The expected spread of a repeated search, when this objective decided the capacity and the search could estimate it. */
function spreadOn(record: CapacityJson, slo: Slo): number | null {
  const precision = record.precision ?? null;
  return record.capacity !== null && precision?.figure === slo.figure ? precision.capacitySpread : null;
}

function precisionWords(record: CapacityJson, slo: Slo): string {
  const precision = record.precision ?? null;
  if (precision?.figure !== slo.figure) return '';
  const spread = precision.capacitySpread;
  return spread === null ? '; noise, not the server, places the knee' : `; a repeated search expected within +-${Number((spread * 100).toPrecision(2))}%`;
}

/** A shaded band over the clients a repeated search is expected to answer, around the capacity. */
function precisionBand(record: CapacityJson, slo: Slo) {
  const spread = spreadOn(record, slo);
  if (spread === null || record.capacity === null) return [];
  const band = { from: record.capacity / (1 + spread), to: record.capacity * (1 + spread) };
  return [
    {
      data: { values: [band] },
      mark: { type: 'rect' as const, color: '#2a7d2a', opacity: 0.1 },
      encoding: { x: { field: 'from', type: 'quantitative' as const }, x2: { field: 'to' } },
    },
  ];
}

function chartFor(record: CapacityJson, slo: Slo, index: number): ReportChart | null {
  const { label, size } = shownUnit(slo);
  const shown = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value / size);
  const rows = record.probes.flatMap((probe) => {
    const judgement = probe.judgements.find((item) => item.figure === slo.figure);
    if (!judgement) return [];
    return [
      {
        clients: probe.clients,
        value: shown(judgement.estimate.median),
        low: shown(judgement.estimate.ciLow),
        high: shown(judgement.estimate.ciHigh),
        verdict: probe.verdict,
        runs: probe.runs.length,
      },
    ];
  });
  if (!rows.some((row) => row.value !== null)) return null;
  const axis = `${slo.figure} (${label}), median of each probe's runs`;
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: axis });
  const verdicts = [...new Set(rows.map((row) => row.verdict))];
  const color = {
    field: 'verdict',
    type: 'nominal' as const,
    title: 'probe',
    scale: { domain: verdicts, range: verdicts.map((verdict) => VERDICT_COLORS[verdict]) },
  };
  const bound = slo.bound / size;
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${slo.figure} against clients`,
      subtitle: `${record.config.transport}: objective ${slo.text}; capacity ${record.capacity ?? 'none'}${precisionWords(record, slo)}`,
    },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    layer: [
      ...precisionBand(record, slo),
      {
        data: { values: rows },
        transform: [{ filter: 'datum.low != null && datum.high != null' }],
        mark: { type: 'rule', strokeWidth: 2, opacity: 0.5 },
        encoding: { x: { field: 'clients', type: 'quantitative', title: 'clients', axis: { format: ',d' } }, y: y('low'), y2: { field: 'high' }, color },
      },
      {
        data: { values: rows },
        transform: [{ filter: 'datum.value != null' }],
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          x: { field: 'clients', type: 'quantitative' },
          y: y('value'),
          color,
          tooltip: [
            { field: 'clients', type: 'quantitative', format: ',d' },
            { field: 'value', type: 'quantitative', format: ',.2f' },
            { field: 'low', type: 'quantitative', format: ',.2f' },
            { field: 'high', type: 'quantitative', format: ',.2f' },
            { field: 'verdict', type: 'nominal' },
          ],
        },
      },
      { data: { values: [{ bound }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#333' }, encoding: { y: { field: 'bound', type: 'quantitative' } } },
      ...(record.capacity === null
        ? []
        : [
            {
              data: { values: [{ capacity: record.capacity }] },
              mark: { type: 'rule' as const, color: '#2a7d2a', strokeWidth: 1.5 },
              encoding: { x: { field: 'capacity', type: 'quantitative' as const } },
            },
          ]),
    ],
  };
  return {
    name: `capacity-${index + 1}`,
    title: `Capacity: ${slo.figure} against clients`,
    caption:
      `Each point is the median of one probe's runs that kept up, with its interval (the interval compare uses); colour is the probe's verdict. ` +
      `The dashed line is the objective (${slo.text}), the green vertical line the capacity found (the knee)` +
      (spreadOn(record, slo) === null
        ? '.'
        : ", the shaded band the range a repeated search is expected in (95%, from the figure's slope and scatter near the knee)."),
    spec,
  };
}

/** One chart per objective of the search, in the order of --slo. */
export function capacityCharts(record: CapacityJson): ReportChart[] {
  return record.config.slo.map((slo, index) => chartFor(record, slo, index)).filter((chart): chart is ReportChart => chart !== null);
}
