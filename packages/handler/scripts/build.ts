/**
 * Bundles the Lambda entry into packages/handler/dist/lambda: `index.mjs` (handler `index.handler`,
 * runtime nodejs22.x) with the pinned AWS SDK inside, plus `chunks/` loaded on demand (the tRPC
 * server, on the first `/trpc` request). Prints the size of each file, minified and gzipped.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { lambdaBuildOptions } from './lambda-build-options.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/lambda');
rmSync(outdir, { recursive: true, force: true }); // no stale chunks in the deployed folder

await build({ ...lambdaBuildOptions, entryPoints: { index: join(root, 'src/lambda.ts') }, outdir });

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
for (const file of files(outdir)) {
  const bytes = readFileSync(file);
  console.log(
    `${relative(root, file)}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzip -9`,
  );
}
