/**
 * Bundles the Lambda entry into one ESM file: packages/handler/dist/lambda/index.mjs (handler
 * `index.handler`, runtime nodejs22.x). The AWS SDK v3 is left out: the nodejs22.x runtime
 * provides it, and bundling it would triple the file. Prints the size, minified and gzipped.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/lambda/index.mjs');
mkdirSync(dirname(outfile), { recursive: true });

await build({
  entryPoints: [join(root, 'src/lambda.ts')],
  outfile,
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

const bytes = readFileSync(outfile);
console.log(
  `${outfile}: ${(bytes.length / 1024).toFixed(1)} KB minified, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`,
);
