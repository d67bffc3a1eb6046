/**
 * The report as a reader opens it: from disk, in headless Chromium (Debian's package), with the
 * network off. Every chart must draw, nothing may be requested from outside the file, and the
 * console must stay free of errors.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDir } from '../helpers/cli.js';
import { reportOf, RUN_FIXTURE, SCRIPT_LABEL, SWEEP_FIXTURE, TOPOLOGY_FIXTURE } from '../helpers/report-fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface PageVisit {
  charts: number;
  drawn: number;
  problems: string[];
  requests: string[];
  dialogs: string[];
  text: string;
}

let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  }
  // A fresh profile folder each time, so no cache or state of an earlier run plays a part.
  context = await chromium.launchPersistentContext(freshDir('bench-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    offline: true,
  });
});

afterAll(async () => {
  await context?.close();
});

/** Opens a report page from disk and waits until every chart drew or failed. */
async function visit(htmlPath: string): Promise<PageVisit> {
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(htmlPath).href);
  // A string, evaluated in the page: this file is compiled without the DOM's types.
  await page.waitForFunction(
    "document.querySelectorAll('.chart').length === document.querySelectorAll('.chart svg.marks, .chart canvas.marks, .chart-error').length",
    null,
    { timeout: 30_000 },
  );
  const result = {
    charts: await page.locator('.chart').count(),
    drawn: await page.locator('.chart svg.marks, .chart canvas.marks').count(),
    problems,
    requests,
    dialogs,
    text: (await page.textContent('body')) ?? '',
  };
  await page.close();
  return result;
}

describe('the report in headless Chromium, from disk, offline', () => {
  it('draws every chart of a sweep with no console error and no request outside the file', async () => {
    const report = await reportOf(SWEEP_FIXTURE);
    const seen = await visit(path.join(report.dir, 'index.html'));
    expect(seen.charts).toBe(report.output.charts.length);
    expect(seen.drawn).toBe(seen.charts);
    expect(seen.problems).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.text).toContain('This machine vs the 2020 study');
  });

  it('draws fan-out against nodes and the timelines through faults, with the tables of several servers', async () => {
    const report = await reportOf(TOPOLOGY_FIXTURE);
    const seen = await visit(path.join(report.dir, 'index.html'));
    expect(seen.charts).toBe(report.output.charts.length);
    expect(report.output.charts).toContain('fan-out-nodes');
    expect(seen.drawn).toBe(seen.charts);
    expect(seen.problems).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.text).toContain('Several servers, faults and idle cost');
  });

  it('draws a single run, and shows its script-tag label as text without running it', async () => {
    const report = await reportOf(RUN_FIXTURE);
    const seen = await visit(path.join(report.dir, 'index.html'));
    expect(seen.charts).toBe(2);
    expect(seen.drawn).toBe(2);
    expect(seen.problems).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.text).toContain(SCRIPT_LABEL);
  });
});
