import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';

/** The size of a bundle, and of the part a cold start loads. */
export interface BundleBytes {
  /** The entry and every chunk it imports statically: what `import` reads before the first request. */
  loadedAtStart: { files: number; minifiedBytes: number; gzipBytes: number };
  /** Every file of the bundle, chunks loaded on demand included: what is deployed. */
  deployed: { files: number; minifiedBytes: number; gzipBytes: number };
}

/**
 * Sizes a bundle from esbuild's metafile, following static imports from `entry` (the output path
 * as the metafile names it); files are read from `cwd`-relative output paths.
 *
 * @example
 * bundleBytes(metafile, 'packages/handler/dist/lambda/index.mjs', ROOT).loadedAtStart.minifiedBytes;
 */
export function bundleBytes(metafile: Metafile, entry: string, cwd: string): BundleBytes {
  const outputs = metafile.outputs;
  const loaded = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (loaded.has(file) || !outputs[file]) continue;
    loaded.add(file);
    for (const link of outputs[file].imports) if (link.kind === 'import-statement') pending.push(link.path);
  }
  const measure = (files: readonly string[]) => {
    const contents = files.map((file) => readFileSync(`${cwd}/${file}`));
    return {
      files: files.length,
      minifiedBytes: contents.reduce((sum, bytes) => sum + bytes.length, 0),
      gzipBytes: contents.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0),
    };
  };
  const all = Object.keys(outputs).filter((file) => !file.endsWith('.map'));
  return { loadedAtStart: measure([...loaded]), deployed: measure(all) };
}
