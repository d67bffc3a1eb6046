/** The docs against the code: generated tables up to date, relative links that resolve, a Layout that matches the tree. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docFiles, fillGeneratedBlocks, generatedBlocks } from '../../bench/docs-tables.js';
import { methodSection } from '../../bench/report/method-section.js';
import { loadReportSource } from '../../bench/report/report-source.js';
import { RUN_FIXTURE } from '../helpers/report-fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FILES = docFiles(ROOT);

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(text: string): Set<string> {
  const withoutCode = text.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')));
}

/** Every Markdown link target outside code blocks and code spans. */
function linkTargets(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

describe('generated tables', () => {
  const blocks = generatedBlocks();

  it.each(FILES)('%s holds the tables npm run docs would write', (file) => {
    const text = read(file);
    const expected = fillGeneratedBlocks(text, blocks, file);
    expect(text === expected, `${file} differs from the commands' flags or bench/exit-codes.ts: run \`npm run docs\` and commit the result`).toBe(true);
  });

  it('every command has its flag table, and the exit codes their table, somewhere in the docs', () => {
    const all = FILES.map(read).join('\n');
    const missing = [...blocks.keys()].filter((name) => !all.includes(`<!-- generated:${name} -->`));
    expect(missing, 'add <!-- generated:NAME --> <!-- /generated --> for these to a doc page, then run `npm run docs`').toEqual([]);
  });
});

describe('links', () => {
  it.each(FILES)('every relative link in %s points at a file (and heading) that exists', (file) => {
    const broken: string[] = [];
    for (const target of linkTargets(read(file))) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [filePart = '', anchor] = target.split('#');
      const linked = filePart === '' ? file : path.join(path.dirname(file), filePart);
      if (!existsSync(path.join(ROOT, linked))) {
        broken.push(`${target} (no file ${linked})`);
        continue;
      }
      if (anchor !== undefined && linked.endsWith('.md') && !anchorsIn(read(linked)).has(anchor)) broken.push(`${target} (no heading #${anchor} in ${linked})`);
    }
    expect(broken).toEqual([]);
  });
});

describe('the measurement method', () => {
  it('is docs/method.md, linked from the README and named in the report', () => {
    expect(existsSync(path.join(ROOT, 'docs', 'method.md'))).toBe(true);
    expect(linkTargets(read('README.md'))).toContain('docs/method.md');
    expect(methodSection(loadReportSource(RUN_FIXTURE))).toContain('docs/method.md');
  });
});

describe("the README's Layout", () => {
  const layout = /## Layout\n([\s\S]*?)\n## /.exec(read('README.md'))?.[1] ?? '';
  const listed = [...layout.matchAll(/^- `([^`]+)\/`/gm)].map((match) => match[1] ?? '');

  it('names only folders that exist', () => {
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((folder) => !existsSync(path.join(ROOT, folder)))).toEqual([]);
  });

  it('names every top-level folder and every folder of bench/', () => {
    const notOurs = new Set(['node_modules', 'dist', 'results', 'reports']);
    const folders = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !notOurs.has(entry.name))
        .map((entry) => (dir === '.' ? entry.name : `${dir}/${entry.name}`));
    const expected = [...folders('.'), ...folders('bench')];
    expect(expected.filter((folder) => !listed.includes(folder))).toEqual([]);
  });
});
