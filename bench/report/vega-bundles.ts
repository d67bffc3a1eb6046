/** The browser builds of vega, vega-lite and vega-embed, read from node_modules to be inlined in the page. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

const requireFromHere = createRequire(import.meta.url);

/** The packages and their UMD builds, in the order the page must load them. */
const BUNDLES = [
  { name: 'vega', file: 'build/vega.min.js' },
  { name: 'vega-lite', file: 'build/vega-lite.min.js' },
  { name: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

/** Folder of an installed package: up from its entry point to the package.json that names it. */
function packageDir(name: string): string {
  let dir = path.dirname(requireFromHere.resolve(name));
  for (let depth = 0; depth < 6; depth += 1) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === name) return dir;
    } catch {
      // No package.json at this level; keep walking up.
    }
    dir = path.dirname(dir);
  }
  throw new EnvironmentError(`cannot find the folder of the ${name} package; run npm ci`);
}

/** One script to inline: the package, its version and its code. */
export interface InlineScript {
  name: string;
  version: string;
  code: string;
}

let cached: InlineScript[] | null = null;

/**
 * The three builds, made safe to sit inside <script>: no "</script" or "<!--" can end or bend the
 * element, and the source-map comment goes (the map is not next to the page).
 */
export function vegaBundles(): InlineScript[] {
  cached ??= BUNDLES.map(({ name, file }) => {
    const dir = packageDir(name);
    const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    let code: string;
    try {
      code = readFileSync(path.join(dir, file), 'utf8');
    } catch (error) {
      throw new EnvironmentError(`cannot read ${path.join(dir, file)}: ${error instanceof Error ? error.message : String(error)}; run npm ci`);
    }
    code = code
      .replace(/\/\/# sourceMappingURL=\S*\s*$/, '')
      .replace(/<\/script/gi, '<\\/script')
      .replace(/<!--/g, '<\\!--');
    return { name, version, code };
  });
  return cached;
}
