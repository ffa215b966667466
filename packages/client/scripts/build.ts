/**
 * Builds the publishable package into dist/:
 * - index.js (ESM) and index.cjs (CommonJS) for bundlers and Node, with no runtime dependencies;
 * - browser.js (ESM), what bundlers pick for browsers (the `browser` export condition): the same
 *   tracker with its Node half left out (src/runtime.ts is replaced by `BROWSER = true`);
 * - tracker.global.js and tracker.spa.global.js (with single-page-app navigation), the minified
 *   script-tag builds configured by data attributes;
 * - *.d.ts / *.d.cts declarations; the wire types they use come from @analytics-tracker/types (types only).
 * Run with `npm run build` (tsx with the workspace source condition).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { minify } from 'terser';
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

/** Replaces src/runtime.ts with constants, so esbuild drops the code other builds need. */
const runtime = (browser: boolean, scriptTag = false): Plugin => ({
  name: 'runtime',
  setup(builder) {
    builder.onLoad({ filter: /[/\\]src[/\\]runtime\.ts$/ }, () => ({
      contents: `export const BROWSER = ${browser}; export const SCRIPT_TAG = ${scriptTag};`,
      loader: 'ts',
    }));
  },
});

/**
 * Minifies a browser build with terser, which makes it smaller than esbuild's minifier does (see the
 * client README's size table). `dist/browser.js` keeps its names and layout (the app's bundler minifies
 * it again); the script tag is minified all the way.
 */
async function shrink(files: { text: string }[] = [], outfile: string, all: boolean): Promise<void> {
  const result = await minify(files[0]?.text ?? '', {
    module: !all,
    ecma: 2020,
    toplevel: all,
    // `unsafe*` and `pure_getters` assume what this code never does (getters with side effects, methods
    // replaced on built-in prototypes, `arguments` or function `.length`).
    compress: {
      passes: 5,
      unsafe: true,
      unsafe_arrows: true,
      unsafe_methods: true,
      pure_getters: true,
      keep_fargs: false,
      hoist_funs: true,
    },
    mangle: all,
    format: { beautify: !all },
  });
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(root, outfile), result.code ?? '');
}

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
    // Left to the app's bundler, which sets it: esbuild would otherwise fix it to "development" here.
    define: { 'process.env.NODE_ENV': 'process.env.NODE_ENV' },
    minifySyntax: true,
    write: false,
  }).then(({ outputFiles }) => shrink(outputFiles, 'dist/browser.js', false)),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    format: 'cjs',
    platform: 'node',
    outfile: 'dist/index.cjs',
  }),
  // The script tags: one for plain pages, one with single-page-app navigation (as Plausible's variants).
  ...[
    ['dist/tracker.global.js', "import { startScriptTag } from './src/script-tag.ts'; startScriptTag();"],
    [
      'dist/tracker.spa.global.js',
      `import { startScriptTag } from './src/script-tag.ts';
import { spaNavigation } from './src/spa-navigation.ts';
startScriptTag({ navigation: spaNavigation });`,
    ],
  ].map(([outfile = '', contents = '']) =>
    build({
      ...common,
      stdin: { contents, resolveDir: root, loader: 'ts' },
      format: 'iife',
      platform: 'browser',
      plugins: [runtime(true, true)],
      // A page with a script tag has no bundler to set it: the script-tag builds are production builds.
      define: { 'process.env.NODE_ENV': '"production"' },
      // esbuild's syntax pass first leaves terser less to undo: the smallest result measured.
      minifySyntax: true,
      write: false,
    }).then(({ outputFiles }) => shrink(outputFiles, outfile, true)),
  ),
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
