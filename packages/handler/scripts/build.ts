/**
 * Bundles the Lambda functions, each into a folder of its own under packages/handler/dist/lambda, so
 * that each function's deployment package (terraform zips one folder per function) holds exactly the
 * files its entry can load:
 * - `tracker/`: `index.mjs` (the tracker, handler `index.handler`, runtime nodejs22.x) with the
 *   pinned AWS SDK's signer inside, and its `chunks/`: those the entry imports, and those loaded on
 *   demand (the tRPC server, on the first `/trpc` request; `chunks/aws-sdk-chains.mjs`, the SDK's
 *   full credential and region chains, built apart, when the environment has no keys or region);
 * - `rotate-salts/`: `rotate-salts.mjs` (the daily salt rotation, handler `rotate-salts.handler`);
 * - `compact-days/`: `compact-days.mjs` (the daily compaction into Parquet, handler `compact-days.handler`).
 *
 * Prints the size of each file, minified and gzipped, and writes the tracker's esbuild metafile beside
 * the folder (dist/lambda.meta.json, not deployed) so `npm run bench` can tell which files a cold start
 * loads. `--outdir <dir>` builds elsewhere (the metafile then goes to `<dir>.meta.json`).
 *
 * @example
 * // npm run build -w @analytics-tracker/handler
 * // npx tsx packages/handler/scripts/build.ts --outdir /tmp/lambda
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { LAMBDA_PACKAGES } from '../src/lambda-packages.js';
import { lambdaBuildOptions } from './lambda-build-options.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = values.outdir === undefined ? join(root, 'dist/lambda') : resolve(values.outdir);
rmSync(outdir, { recursive: true, force: true }); // no stale chunks in a deployed folder

// The SDK's full credential and region chains (src/aws-sdk-chains.ts), which the tracker imports only
// when the environment lacks keys or a region, are bundled apart: in the same build, esbuild would
// place every SDK core module those chains use in chunks the tracker's entry loads at start, because
// the signer imports the same packages' index files. The tracker's `import()` of them is left as is.
const SDK_CHAINS = 'chunks/aws-sdk-chains.mjs';
const sdkChainsApart: Plugin = {
  name: 'aws-sdk-chains-apart',
  setup(builder) {
    builder.onResolve({ filter: /\/aws-sdk-chains\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: `./${SDK_CHAINS}`, external: true } : undefined,
    );
  },
};

// The tracker is built on its own, as the SDK-only floor of `npm run bench` is: chunks shared with
// another entry would split its start-up code over more files, each one more module a cold start loads.
const trackerDir = join(outdir, LAMBDA_PACKAGES.tracker.folder);
const tracker = await build({
  ...lambdaBuildOptions,
  entryPoints: { index: join(root, 'src/lambda.ts') },
  outdir: trackerDir,
  absWorkingDir: root, // metafile paths relative to the package: dist/lambda/tracker/…
  metafile: true,
  plugins: [sdkChainsApart],
});
// `./chunks/aws-sdk-chains.mjs` resolves from the folder's top only: refuse a build whose importer moved.
for (const [file, output] of Object.entries(tracker.metafile.outputs)) {
  const importsChains = output.imports.some((link) => link.external && link.path === `./${SDK_CHAINS}`);
  if (importsChains && resolve(root, dirname(file)) !== trackerDir)
    throw new Error(`${file} imports ./${SDK_CHAINS}, which does not resolve from its folder`);
}
const chains = await build({
  ...lambdaBuildOptions,
  entryPoints: { 'aws-sdk-chains': join(root, 'src/aws-sdk-chains.ts') },
  entryNames: 'chunks/[name]',
  outdir: trackerDir,
  absWorkingDir: root,
  metafile: true,
});
// What the entry can load, statically or by `import()`, the chains included: esbuild also writes chunks
// for `import()`s its tree shaking removed (the SDK's event streams, bowser), which nothing loads.
const outputs = { ...tracker.metafile.outputs, ...chains.metafile.outputs };
const reachable = new Set<string>();
const pending = [Object.keys(outputs).find((file) => outputs[file]?.entryPoint === 'src/lambda.ts') ?? ''];
for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
  const output = outputs[file];
  if (reachable.has(file) || !output) continue;
  reachable.add(file);
  for (const link of output.imports)
    if (!link.path.startsWith('node:'))
      pending.push(link.external ? join(dirname(file), link.path) : link.path);
}
for (const file of Object.keys(outputs).filter((file) => !reachable.has(file))) {
  rmSync(join(root, file), { force: true });
  delete outputs[file];
}
// One metafile for the tracker's folder, so `npm run bench` counts every deployed file.
writeFileSync(
  `${outdir}.meta.json`,
  JSON.stringify({ inputs: { ...tracker.metafile.inputs, ...chains.metafile.inputs }, outputs }),
);
// The daily salt rotation and the daily compaction (packages/query: Athena INSERT INTO per app and
// day) run once a day: each is built on its own, in one file of its own folder.
const ONE_FILE_ENTRIES = [
  { lambda: LAMBDA_PACKAGES.rotateSalts, source: 'src/rotate-salts-lambda.ts' },
  { lambda: LAMBDA_PACKAGES.compactDays, source: '../query/src/compaction-lambda.ts' },
];
for (const { lambda, source } of ONE_FILE_ENTRIES) {
  await build({
    ...lambdaBuildOptions,
    splitting: false,
    entryPoints: { [lambda.entry.replace(/\.mjs$/, '')]: join(root, source) },
    outdir: join(outdir, lambda.folder),
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
    `${relative(process.cwd(), file)}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzip -9`,
  );
}
