/**
 * Builds the publishable package into dist/:
 * - index.js (ESM) and index.cjs (CommonJS) for bundlers and Node, with no runtime dependencies;
 * - browser.js (ESM), what bundlers pick for browsers (the `browser` export condition): the same
 *   tracker with its Node half left out (src/runtime.ts is replaced by `BROWSER = true`);
 * - tracker.global.js, the minified script-tag build configured by data attributes;
 * - *.d.ts / *.d.cts declarations; the wire types they use come from @analytics-tracker/types (types only).
 * Run with `npm run build` (tsx with the workspace source condition).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { BROWSER_TARGET } from './build-targets.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  target: BROWSER_TARGET,
  conditions: ['@analytics-tracker/source'],
  logLevel: 'warning',
  legalComments: 'none',
};

/** Replaces src/runtime.ts with a constant, so esbuild drops the other runtime's code. */
const runtime = (browser: boolean): Plugin => ({
  name: 'runtime',
  setup(builder) {
    builder.onLoad({ filter: /[/\\]src[/\\]runtime\.ts$/ }, () => ({
      contents: `export const BROWSER = ${browser};`,
      loader: 'ts',
    }));
  },
});

rmSync(dist, { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    format: 'esm',
    platform: 'neutral',
    outfile: 'dist/index.js',
  }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    format: 'esm',
    platform: 'browser',
    plugins: [runtime(true)],
    // Folds `BROWSER` away, and the Node branches with it; names and layout stay readable.
    minifySyntax: true,
    outfile: 'dist/browser.js',
  }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    format: 'cjs',
    platform: 'node',
    outfile: 'dist/index.cjs',
  }),
  build({
    ...common,
    entryPoints: ['src/script-tag.ts'],
    format: 'iife',
    platform: 'browser',
    plugins: [runtime(true)],
    minify: true,
    // A page with a script tag has no bundler to set it: the script-tag build is the production build.
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: 'dist/tracker.global.js',
  }),
]);

// Declarations: tsc emits one .d.ts per source file; schema imports are pointed at the published types.
execFileSync(
  process.execPath,
  [join(root, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const file of readdirSync(dist).filter((name) => name.endsWith('.d.ts'))) {
  const text = readFileSync(join(dist, file), 'utf8').replaceAll(
    "'@analytics-tracker/schema'",
    "'@analytics-tracker/types'",
  );
  writeFileSync(join(dist, file), text);
  // CommonJS consumers resolve `require` types from .d.cts files that import each other as .cjs.
  writeFileSync(
    join(dist, file.replace(/\.d\.ts$/, '.d.cts')),
    text.replace(/from '(\.\/[^']+)\.js'/g, "from '$1.cjs'"),
  );
}
