/**
 * Builds the `tracker` command's bundle (plain JavaScript, so a call starts without compiling
 * TypeScript) and tells whether the last build is still current. `node scripts/bundle.mjs` (or
 * `npm run build -w @analytics-tracker/cli`) rebuilds; bin/tracker.mjs rebuilds by itself when a
 * source file is newer than the bundle, so a clean `npm ci` needs no build step.
 *
 * Each build goes to its own folder under dist/ and dist/current.json then points at it (written by
 * rename), so a command running while another rebuilds keeps loading a complete bundle.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(PACKAGE, '..', '..');
const DIST = join(PACKAGE, 'dist');
const CURRENT = join(DIST, 'current.json');
/** Builds not pointed at are removed once they are this old (a running command may still use one). */
const STALE_BUILD_MS = 10 * 60 * 1000;

/**
 * Native code (DuckDB's bindings), packages that read their own files at run time (s3rver's
 * templates) and the build tools stay in node_modules; everything else is bundled
 * (loading hundreds of small CommonJS files is most of a cold start).
 */
const EXTERNAL = ['@duckdb/node-bindings', '@duckdb/node-bindings-*', 's3rver', 'esbuild', 'playwright-core'];

/** Workspace sources that find files next to themselves keep their own location in the bundle. */
const ownLocation = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/** The bundle entry of the current build, if it is newer than every file it was built from. */
export function currentBundle() {
  let current;
  try {
    current = JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return undefined;
  }
  try {
    for (const input of current.inputs) {
      if (statSync(join(ROOT, input)).mtimeMs > current.builtAt) return undefined;
    }
    const entry = join(DIST, current.dir, 'tracker.mjs');
    statSync(entry);
    return entry;
  } catch {
    return undefined; // an input or the build itself is gone
  }
}

function removeOldBuilds(keep) {
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const path = join(DIST, entry.name);
    // Another command building at the same time may have removed it since the listing.
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (modified !== undefined && Date.now() - modified > STALE_BUILD_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

/** Builds the bundle into a new folder, points dist/current.json at it, and returns its entry file. */
export async function buildBundle() {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const dir = `build-${builtAt}-${process.pid}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { tracker: join(PACKAGE, 'src', 'main.ts') },
    outdir: join(DIST, dir),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // One file: a long-running `tracker offline` never loads a chunk later, so removing an old
    // build under it cannot break it. Each command's modules still run only when it is chosen (a
    // dynamic import stays lazy inside the file).
    splitting: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@analytics-tracker/source'],
    // The ES module builds of dependencies (the AWS SDK's dist-es) tree-shake and need no CommonJS
    // wrappers at start-up, as in the Lambda bundle.
    mainFields: ['module', 'main'],
    external: EXTERNAL,
    // Bundled CommonJS dependencies call require(); ES modules have none of their own.
    banner: {
      js: "import { createRequire as __trackerCreateRequire } from 'node:module'; const require = __trackerCreateRequire(import.meta.url);",
    },
    plugins: [ownLocation],
    // Half the bytes to read, decode and compile on every call; names kept for stack traces and errors.
    minify: true,
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  // Sources of this repository decide freshness; dependencies change only with the lock file.
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules')),
    'package-lock.json',
    relative(ROOT, fileURLToPath(import.meta.url)),
  ];
  const temporary = `${CURRENT}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ dir, builtAt, inputs }));
  renameSync(temporary, CURRENT);
  removeOldBuilds(dir);
  return join(DIST, dir, 'tracker.mjs');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entry = await buildBundle();
  process.stdout.write(`built ${relative(ROOT, entry)}\n`);
}
