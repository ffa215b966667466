/**
 * Bundles the Lambda entries into one ESM file each, in one folder (one zip, two functions):
 * packages/handler/dist/lambda/index.mjs (the tracker, handler `index.handler`) and
 * rotate-salts.mjs (the daily salt rotation, handler `rotate-salts.handler`), runtime nodejs22.x.
 * The AWS SDK v3 is left out: the nodejs22.x runtime provides it, and bundling it would triple the
 * file. Prints each size, minified and gzipped.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/lambda');
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: {
    index: join(root, 'src/lambda.ts'),
    'rotate-salts': join(root, 'src/rotate-salts-lambda.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  conditions: ['@analytics-tracker/source'],
  external: ['@aws-sdk/*'],
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

for (const name of ['index.mjs', 'rotate-salts.mjs']) {
  const outfile = join(outdir, name);
  const bytes = readFileSync(outfile);
  console.log(
    `${outfile}: ${(bytes.length / 1024).toFixed(1)} KB minified, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`,
  );
}
