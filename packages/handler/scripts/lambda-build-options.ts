import type { BuildOptions } from 'esbuild';

/**
 * The esbuild settings of every Lambda bundle: the handler's (`build.ts`) and the SDK-only floor
 * that `npm run bench` compares its cold start with, so both are built, and so loaded, the same way.
 * The pinned `@aws-sdk/client-s3` is bundled, not left to the runtime's copy: one module graph
 * instead of hundreds of files to resolve at init (what AWS recommends for cold starts), and in
 * production the SDK version the tests ran. Code splitting puts what a request may never need
 * (the tRPC server) in its own chunk, loaded by a dynamic `import()` when first used.
 *
 * @example
 * await build({ ...lambdaBuildOptions, entryPoints: { index: 'src/lambda.ts' }, outdir: 'dist/lambda' });
 */
export const lambdaBuildOptions = {
  bundle: true,
  minify: true,
  splitting: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // The ES module builds first: in them the SDK loads its other credential providers (SSO, INI
  // files, STS, ...) with dynamic `import()`, so they become chunks that a Lambda, which reads its
  // credentials from the environment, never loads. The CommonJS builds inline them all.
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  conditions: ['@analytics-tracker/source', 'module'],
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
} satisfies BuildOptions;
