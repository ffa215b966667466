/**
 * Bundles the Lambda entries into packages/handler/dist/lambda (one zip, two functions): `index.mjs`
 * (the tracker, handler `index.handler`, runtime nodejs22.x) with the pinned AWS SDK inside,
 * `rotate-salts.mjs` (the daily salt rotation, handler `rotate-salts.handler`), `compact-days.mjs` (the
 * daily compaction into Parquet, handler `compact-days.handler`), plus the tracker's `chunks/`: those
 * its entry imports, and those loaded on demand (the tRPC server, on the first `/trpc` request). Prints the size of each file, minified and gzipped, and
 * writes esbuild's metafile beside the folder (dist/lambda.meta.json, not deployed) so `npm run
 * bench` can tell which files a cold start loads.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { lambdaBuildOptions } from './lambda-build-options.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/lambda');
rmSync(outdir, { recursive: true, force: true }); // no stale chunks in the deployed folder

// The tracker is built on its own, as the SDK-only floor of `npm run bench` is: chunks shared with
// another entry would split its start-up code over more files, each one more module a cold start loads.
const { metafile } = await build({
  ...lambdaBuildOptions,
  entryPoints: { index: join(root, 'src/lambda.ts') },
  outdir,
  absWorkingDir: root, // metafile paths relative to the package: dist/lambda/…
  metafile: true,
});
writeFileSync(join(root, 'dist/lambda.meta.json'), JSON.stringify(metafile));
// The daily salt rotation and the daily compaction (packages/query: Athena INSERT INTO per app and
// day) run once a day: each is built on its own, in one file, sharing no chunk with the tracker.
const ONE_FILE_ENTRIES: Record<string, string> = {
  'rotate-salts': 'src/rotate-salts-lambda.ts',
  'compact-days': '../query/src/compaction-lambda.ts',
};
for (const [name, entry] of Object.entries(ONE_FILE_ENTRIES)) {
  await build({
    ...lambdaBuildOptions,
    splitting: false,
    entryPoints: { [name]: join(root, entry) },
    outdir,
    absWorkingDir: root,
  });
}

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
