/**
 * A report of a crafted run.json (valid per schema, with markup in every string the page prints)
 * opened in headless Chromium: no injected script or handler runs, bench's own scripts are not
 * refused by the page's Content-Security-Policy, and the charts still draw.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, freshDir, runCli } from '../helpers/cli.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SINGLE_RUN = path.join(FIXTURES, 'runs', 'single-run', '20261128-094514-ws-100-2c26');
const PAYLOAD = `<img src=x onerror="window.__pwned='img';document.title='pwned'"></script><script>window.__pwned='script';document.title='pwned'</script>`;

let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  context = await chromium.launchPersistentContext(freshDir('bench-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    offline: true,
  });
});

afterAll(async () => {
  await context?.close();
});

describe('a report of a crafted run.json', () => {
  it('runs none of the injected scripts and handlers, and draws its charts', async () => {
    const dir = path.join(freshDir('bench-injection-'), 'run');
    cpSync(SINGLE_RUN, dir, { recursive: true });
    const file = path.join(dir, 'run.json');
    const runJson = JSON.parse(readFileSync(file, 'utf8')) as {
      summary: Record<string, unknown>;
      environment: Record<string, unknown>;
      config: Record<string, unknown>;
    };
    runJson.summary.label = PAYLOAD;
    runJson.summary.status = 'partial';
    runJson.summary.reason = PAYLOAD;
    runJson.summary.errors = { [PAYLOAD]: 1 };
    runJson.summary.resultsDir = PAYLOAD;
    runJson.environment.hostname = PAYLOAD;
    runJson.config.host = PAYLOAD;
    writeFileSync(file, JSON.stringify(runJson));
    const out = freshDir('bench-injection-report-');
    const result = await runCli(['report', dir, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { report } = JSON.parse(result.stdout) as { report: string };
    const htmlPath = path.resolve(report);
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).not.toContain("'unsafe-inline'; img-src");
    expect(html).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(pathToFileURL(htmlPath).href);
    // Strings, not functions: the tests compile without the DOM's types, as report-browser.test.ts does.
    await page.waitForFunction("document.querySelectorAll('.chart svg, .chart-error').length === document.querySelectorAll('.chart').length", null, {
      timeout: 30_000,
    });
    const state = (await page.evaluate(
      `({ pwned: window.__pwned ?? null, title: document.title, drawn: document.querySelectorAll('.chart svg').length, charts: document.querySelectorAll('.chart').length, text: document.body.innerText })`,
    )) as { pwned: string | null; title: string; drawn: number; charts: number; text: string };
    await page.close();
    expect(state.pwned).toBeNull();
    expect(state.title).not.toBe('pwned');
    expect(state.charts).toBeGreaterThan(0);
    expect(state.drawn).toBe(state.charts);
    // The payload is shown as text, so a reader sees what the file held.
    expect(state.text).toContain('<img src=x onerror=');
    // Bench's own scripts ran (the charts drew); any refusal would be of an injected script, and there is none left to refuse.
    expect(refused.filter((line) => !line.includes('__pwned'))).toEqual([]);
  });
});
