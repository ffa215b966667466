import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Compiled configs live in this package's dist/ (never committed), wherever the config file is. */
const CACHE = fileURLToPath(new URL('../dist/config-cache/', import.meta.url));

interface CacheEntry {
  builtAt: number;
  /** Absolute paths of every local file the compiled config was made from. */
  inputs: string[];
}

function fresh(entryFile: string): boolean {
  try {
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as CacheEntry;
    return entry.inputs.every((input) => statSync(input).mtimeMs <= entry.builtAt);
  } catch {
    return false;
  }
}

/**
 * The `node_modules` this tracker is installed in (the first folder up from this module holding
 * `@analytics-tracker/schema`): a `.ts` config copied outside the repository still resolves the
 * tracker's own packages (`import { defineConfig } from '@analytics-tracker/schema'`) from there,
 * after its own folders.
 */
function trackerNodeModules(): string[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(join(candidate, '@analytics-tracker', 'schema'))) return [candidate];
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}

async function compile(path: string, output: string, entryFile: string): Promise<void> {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const result = await build({
    entryPoints: [path],
    absWorkingDir: dirname(path),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@analytics-tracker/source'],
    nodePaths: trackerNodeModules(),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules'))
    .map((input) => join(dirname(path), input));
  mkdirSync(CACHE, { recursive: true });
  // Written under names of their own (one per call: test workers may share a pid) and renamed, so a
  // concurrent call never reads half a file.
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const own = randomUUID();
  writeFileSync(`${output}.${own}.tmp`, code);
  renameSync(`${output}.${own}.tmp`, output);
  writeFileSync(`${entryFile}.${own}.tmp`, JSON.stringify({ builtAt, inputs } satisfies CacheEntry));
  renameSync(`${entryFile}.${own}.tmp`, entryFile);
}

/**
 * Imports a config file the same way in every command and every runtime (plain Node, the prebuilt
 * `tracker` bundle, tsx, vitest), wherever the file lives: a `.ts`/`.mts`/`.cts` config is compiled
 * (with what it imports) to one ES module by esbuild once, cached in dist/config-cache/, and reused
 * until the config or one of its local imports changes; a `.js`/`.mjs`/`.cjs` config is imported as
 * is (a CommonJS one's `module.exports` is its default export). No TypeScript loader is needed, and
 * a `.ts` config outside any ES module package loads like one inside. `loadTrackerConfig`'s default.
 *
 * @example
 * const module = (await importConfigFile('/etc/tracker/tracker.config.ts')) as { default?: unknown };
 */
export async function importConfigFile(path: string): Promise<unknown> {
  if (!/\.[cm]?ts$/.test(path)) return import(pathToFileURL(path).href);
  const key = createHash('sha256').update(path).digest('hex').slice(0, 16);
  const output = join(CACHE, `${key}.mjs`);
  const entryFile = join(CACHE, `${key}.json`);
  if (!fresh(entryFile)) await compile(path, output, entryFile);
  // The query string makes a recompiled config a new module for this process's import cache.
  return import(`${pathToFileURL(output).href}?at=${statSync(output).mtimeMs}`);
}
