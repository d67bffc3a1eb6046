/**
 * The 2020 study's figures, read from data/study-2020.json with their provenance, and how each of
 * its metrics is read from one of our run summaries.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { EnvironmentError } from '../errors.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { findFigure, SHOWN_UNIT_SIZE, type ShownUnit } from '../stats/figures.js';
import { isTransportName, type TransportName } from '../../protocol/transports.js';

const METRICS = ['connectMs', 'firstMessageMs', 'serverMemoryMB'] as const;
/** The study's metrics: connect time and time to the first message in ms, server memory in MB (10^6 bytes). */
export type StudyMetric = (typeof METRICS)[number];

/** A figure of one transport at one client count. */
export interface ValueClaim {
  kind: 'value';
  metric: StudyMetric;
  transport: TransportName;
  clients: number;
  value: number;
  /** True when the study gives the figure loosely ("almost 2 GB"). */
  approximate?: boolean;
  quote: string;
}

/** One transport faster than others by about a factor. */
export interface FactorClaim {
  kind: 'factor';
  metric: StudyMetric;
  clients: number;
  faster: TransportName;
  slower: TransportName[];
  factor: number;
  quote: string;
}

/** A transport that could not hold more than a number of clients. */
export interface LimitClaim {
  kind: 'limit';
  transport: TransportName;
  maxClients: number;
  quote: string;
}

export type StudyClaim = ValueClaim | FactorClaim | LimitClaim;

/** The whole data file. */
export interface StudyData {
  provenance: {
    author: string;
    title: string;
    institution: string;
    year: number;
    quotedBy: { title: string; publisher: string; year: number };
    note: string;
  };
  machines: { server: string; clients: string };
  claims: StudyClaim[];
}

export const STUDY_FILE = path.join(PROJECT_ROOT, 'data', 'study-2020.json');

const isMetric = (value: unknown): value is StudyMetric => typeof value === 'string' && (METRICS as readonly string[]).includes(value);
const isTransport = (value: unknown): value is TransportName => typeof value === 'string' && isTransportName(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

function isClaim(value: unknown): value is StudyClaim {
  if (value === null || typeof value !== 'object') return false;
  const claim = value as Record<string, unknown>;
  if (typeof claim.quote !== 'string') return false;
  switch (claim.kind) {
    case 'value':
      return isMetric(claim.metric) && isTransport(claim.transport) && isCount(claim.clients) && isCount(claim.value);
    case 'factor':
      return (
        isMetric(claim.metric) &&
        isCount(claim.clients) &&
        isTransport(claim.faster) &&
        Array.isArray(claim.slower) &&
        claim.slower.every(isTransport) &&
        isCount(claim.factor)
      );
    case 'limit':
      return isTransport(claim.transport) && isCount(claim.maxClients);
    default:
      return false;
  }
}

/** Reads and checks the study's data file; EnvironmentError names the file when the install lacks it or it is damaged. */
export function loadStudyData(file = STUDY_FILE): StudyData {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`cannot read the 2020 study's figures from ${file}: ${reason}; reinstall bench`);
  }
  const data = (value ?? {}) as Partial<StudyData>;
  if (!data.provenance || !data.machines || !Array.isArray(data.claims) || !data.claims.every(isClaim)) {
    throw new EnvironmentError(`${file} does not hold the study's provenance, machines and claims; reinstall bench`);
  }
  return data as StudyData;
}

/** The figure of ours each study metric is set against, and the unit the study gives it in: p50 times in ms, steady server RSS in MB. */
const STUDY_FIGURES: Record<StudyMetric, { figure: string; shownIn: ShownUnit }> = {
  connectMs: { figure: 'connectMs.p50', shownIn: 'ms' },
  firstMessageMs: { figure: 'firstMessageMs.p50', shownIn: 'ms' },
  serverMemoryMB: { figure: 'server.steadyRssBytes', shownIn: 'MB' },
};

/** The study metric set against a figure of ours, or undefined when the study has none. */
export function studyMetricOf(figureName: string): StudyMetric | undefined {
  return METRICS.find((metric) => STUDY_FIGURES[metric].figure === figureName);
}

/** Our figure for a study metric from one run, in the study's unit; null where not measured. */
export function ourFigure(metric: StudyMetric, summary: RunSummary): number | null {
  const { figure, shownIn } = STUDY_FIGURES[metric];
  const value = findFigure(figure)?.read(summary) ?? null;
  return value === null ? null : value / SHOWN_UNIT_SIZE[shownIn];
}

/** The words for a metric in tables. */
export const METRIC_WORDS: Record<StudyMetric, { name: string; unit: string }> = {
  connectMs: { name: 'connect time', unit: 'ms' },
  firstMessageMs: { name: 'time to the first message', unit: 'ms' },
  serverMemoryMB: { name: 'server memory', unit: 'MB' },
};
