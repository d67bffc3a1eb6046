#!/usr/bin/env node
// Rewrites the generated tables (flags, exit codes) in README.md and docs/*.md from the built program.
// Run it as `npm run docs`, which builds first, so the tables come from the current sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGeneratedDocs } from '../dist/bench/docs-tables.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const changed = writeGeneratedDocs(root);
process.stderr.write(changed.length === 0 ? 'docs: generated tables already up to date\n' : `docs: rewrote ${changed.join(', ')}\n`);
