import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_EXPORTS, browserBundle, gzipBytes } from '../scripts/measure.js';
import { dist, ensureBuilt } from './dist.js';

/** The size budget of the issue: the browser ESM build, minified and gzipped, with everything in it. */
const BUDGET = 2048;
/** Plausible's script, the smallest tracker in the field (gzip bytes). */
const PLAUSIBLE = 1286;

const gzip = gzipBytes;
const bundle = (names: string) => browserBundle(dist, names);

describe('size budget', () => {
  beforeAll(ensureBuilt);

  it(`keeps the browser ESM build with every export within ${BUDGET} bytes gzip`, async () => {
    const bytes = gzip(await bundle(ALL_EXPORTS));
    console.log(
      `ESM build (all exports), minified + gzip -9: ${bytes} bytes (budget ${BUDGET}, Plausible ${PLAUSIBLE})`,
    );
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  });

  it(`keeps the script-tag build within ${BUDGET} bytes gzip`, () => {
    const bytes = gzip(readFileSync(join(dist, 'tracker.global.js')));
    console.log(`script-tag build dist/tracker.global.js, gzip -9: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  });

  it('drops what an app does not import', async () => {
    const full = gzip(await bundle(ALL_EXPORTS));
    const trackerOnly = gzip(await bundle('createTracker'));
    const optOutOnly = gzip(await bundle('optOut'));
    console.log(`createTracker only: ${trackerOnly} bytes; optOut only: ${optOutOnly} bytes`);
    expect(trackerOnly).toBeLessThan(full);
    expect(optOutOnly).toBeLessThan(150);
  });

  it('ships no runtime dependency: the bundle has no Zod and no imports', async () => {
    const code = await bundle('createTracker');
    expect(code).not.toMatch(/\bimport\b|require\(|zod/);
  });
});
