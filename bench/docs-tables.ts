/**
 * The tables the docs take from the code: each command's flags (from the commander program), the
 * exit codes (from bench/exit-codes.ts), a run folder's files and their columns (from
 * bench/results/run-folder.ts) and the summary's fields (bench/summary/summary-fields.ts). `npm run docs` writes them between marker comments in README.md and
 * docs/*.md; test/unit/docs-tables.test.ts fails when a file differs from what this would write.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Argument, Command, Option } from 'commander';
import { EXIT_CODE_MEANINGS } from './exit-codes.js';
import { buildProgram } from './program.js';
import { RUN_FOLDER_CSV_FILES, RUN_FOLDER_FILES, type CsvFileDoc } from './results/run-folder.js';
import { SUMMARY_FIELDS } from './summary/summary-fields.js';
import { jsonSchemaText, PUBLISHED_SCHEMAS } from './results/schemas/published-schemas.js';

/** One row of a flag table. */
export interface FlagRow {
  flag: string;
  defaultText: string;
  meaning: string;
}

/** A generated block: `<!-- generated:NAME -->`, the table, `<!-- /generated -->`. */
const BLOCK = /<!-- generated:([a-z0-9:-]+) -->\n[\s\S]*?<!-- \/generated -->/g;

/** Help texts end with "(default: X)" or "(required)"; the table puts that in its own column. */
const DEFAULT_SUFFIX = /\s*\((?:default: (.+)|(required))\)$/;

/** The worker count's help names this machine's CPUs ("... one per CPU, 2 here"); the docs must read the same on every machine. */
const MACHINE_SPECIFIC = /, \d+ here$/;

function splitDescription(description: string, fallback: string): { meaning: string; defaultText: string } {
  const match = DEFAULT_SUFFIX.exec(description);
  if (!match) return { meaning: description, defaultText: fallback };
  const defaultText = match[2] ?? (match[1] ?? '').replace(MACHINE_SPECIFIC, '');
  return { meaning: description.slice(0, match.index), defaultText };
}

function optionRow(option: Option): FlagRow {
  return { flag: option.flags, ...splitDescription(option.description, option.isBoolean() ? 'off' : 'none') };
}

function argumentRow(argument: Argument): FlagRow {
  const name = argument.required ? `<${argument.name()}>` : `[${argument.name()}]`;
  return { flag: name, ...splitDescription(argument.description, argument.required ? 'required' : 'none') };
}

/** The rows of one command's table: its arguments, then its options in the order --help lists them. */
export function flagRows(command: Command): FlagRow[] {
  return [...command.registeredArguments.map(argumentRow), ...command.options.filter((option) => !option.hidden).map(optionRow)];
}

/** Text safe in a Markdown table cell: no column breaks, no HTML tags. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderFlagTable(rows: readonly FlagRow[]): string {
  return ['| flag | default | meaning |', '|---|---|---|', ...rows.map((row) => `| \`${row.flag}\` | ${cell(row.defaultText)} | ${cell(row.meaning)} |`)].join(
    '\n',
  );
}

function renderExitCodeTable(): string {
  return ['| code | name | meaning |', '|---|---|---|', ...EXIT_CODE_MEANINGS.map((entry) => `| ${entry.code} | \`${entry.name}\` | ${entry.meaning} |`)].join(
    '\n',
  );
}

/** A cell of a table whose text is Markdown already (code spans may hold `<` and `>`): only column breaks are escaped. */
function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function renderRunFolderTable(): string {
  return [
    '| file | written | holds |',
    '|---|---|---|',
    ...RUN_FOLDER_FILES.map((file) => `| \`${file.name}\` | ${markdownCell(file.written)} | ${markdownCell(file.holds)} |`),
  ].join('\n');
}

function renderColumnTable(file: CsvFileDoc): string {
  return [
    '| column | unit | meaning |',
    '|---|---|---|',
    ...file.columns.map((column) => `| \`${column.name}\` | ${markdownCell(column.unit)} | ${markdownCell(column.meaning)} |`),
  ].join('\n');
}

function renderSummaryFieldTable(): string {
  return [
    '| field | unit | meaning |',
    '|---|---|---|',
    ...SUMMARY_FIELDS.map((row) => `| ${row.fields.map((field) => `\`${field}\``).join(', ')} | ${markdownCell(row.unit)} | ${markdownCell(row.meaning)} |`),
  ].join('\n');
}

/**
 * Every generated block by name: `flags:bench` (the global flags), `flags:<command>` for each
 * command, `exit-codes`, `files:run-folder` and `columns:<file>` for each CSV file of a run folder,
 * and `fields:summary`, the summary's fields.
 */
export function generatedBlocks(): Map<string, string> {
  const program = buildProgram(() => undefined);
  const blocks = new Map<string, string>([['flags:bench', renderFlagTable(flagRows(program))]]);
  for (const command of program.commands) blocks.set(`flags:${command.name()}`, renderFlagTable(flagRows(command)));
  blocks.set('exit-codes', renderExitCodeTable());
  blocks.set('files:run-folder', renderRunFolderTable());
  for (const file of RUN_FOLDER_CSV_FILES) blocks.set(`columns:${file.table}`, renderColumnTable(file));
  blocks.set('fields:summary', renderSummaryFieldTable());
  return blocks;
}

/** The text with every generated block rewritten; throws on a block name nothing generates. */
export function fillGeneratedBlocks(text: string, blocks: ReadonlyMap<string, string>, file: string): string {
  return text.replace(BLOCK, (_whole, name: string) => {
    const table = blocks.get(name);
    if (table === undefined) throw new Error(`${file}: no generated table is called "${name}"; known: ${[...blocks.keys()].join(', ')}`);
    return `<!-- generated:${name} -->\n${table}\n<!-- /generated -->`;
  });
}

/** The Markdown files that may hold generated blocks, relative to the project root: README.md and docs/*.md. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs];
}

/** Where the result files' JSON Schemas are published, relative to the project root. */
export const SCHEMAS_DIR = path.join('docs', 'schemas');

/** Rewrites the generated blocks of every doc file under `root` and the JSON Schemas in docs/schemas/; returns the files that changed. */
export function writeGeneratedDocs(root: string): string[] {
  const blocks = generatedBlocks();
  const changed: string[] = [];
  for (const file of docFiles(root)) {
    const full = path.join(root, file);
    const before = readFileSync(full, 'utf8');
    const after = fillGeneratedBlocks(before, blocks, file);
    if (after !== before) {
      writeFileSync(full, after);
      changed.push(file);
    }
  }
  mkdirSync(path.join(root, SCHEMAS_DIR), { recursive: true });
  for (const published of PUBLISHED_SCHEMAS) {
    const file = path.join(SCHEMAS_DIR, published.file);
    const full = path.join(root, file);
    const text = jsonSchemaText(published);
    if (existsSync(full) && readFileSync(full, 'utf8') === text) continue;
    writeFileSync(full, text);
    changed.push(file);
  }
  return changed;
}
