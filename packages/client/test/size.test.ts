import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_EXPORTS,
  browserBundle,
  gzipBytes,
  MODULES,
  SIZE_BUDGET,
  SPA_BUDGET,
} from '../scripts/measure.js';
import { dist, ensureBuilt } from './dist.js';

/** The size budget of the core (see SIZE_BUDGET for its history); `npm run size` prints the figures. */
const BUDGET = SIZE_BUDGET;
/** Plausible's script, the smallest tracker in the field (gzip bytes). */
const PLAUSIBLE = 1286;

const gzip = gzipBytes;
const bundle = (names: string) => browserBundle(dist, names);
const tag = (file: string) => gzip(readFileSync(join(dist, file)));

describe('size budget', () => {
  beforeAll(ensureBuilt);

  it(`keeps the browser build with every core export within ${BUDGET} bytes gzip`, async () => {
    const bytes = gzip(await bundle(ALL_EXPORTS));
    console.log(
      `ESM build (all exports), minified + gzip -9: ${bytes} bytes (budget ${BUDGET}, Plausible ${PLAUSIBLE})`,
    );
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  });

  it(`keeps the script-tag build within ${BUDGET} bytes gzip`, () => {
    const bytes = tag('tracker.global.js');
    console.log(`script-tag build dist/tracker.global.js, gzip -9: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(BUDGET);
  });

  it(`keeps the single-page-app script tag within ${BUDGET + SPA_BUDGET} bytes gzip (the core and spaNavigation)`, () => {
    const bytes = tag('tracker.spa.global.js');
    console.log(`script-tag build dist/tracker.spa.global.js, gzip -9: ${bytes} bytes`);
    expect(bytes).toBeGreaterThan(tag('tracker.global.js'));
    expect(bytes).toBeLessThanOrEqual(BUDGET + SPA_BUDGET);
  });

  it('drops what an app does not import', async () => {
    const full = gzip(await bundle(ALL_EXPORTS));
    const trackerOnly = gzip(await bundle('createTracker'));
    const optOutOnly = gzip(await bundle('optOut'));
    console.log(`createTracker only: ${trackerOnly} bytes; optOut only: ${optOutOnly} bytes`);
    expect(trackerOnly).toBeLessThan(full);
    expect(optOutOnly).toBeLessThan(150);
  });

  it('leaves each opt-in module out of the core unless the app imports it', async () => {
    const core = await bundle(ALL_EXPORTS);
    const coreBytes = gzip(core);
    expect(core).not.toMatch(
      /outbound_link|file_download|form_submit|engagement|pushState|popstate|globalPrivacyControl/,
    );
    for (const name of MODULES) {
      const added = gzip(await bundle(`${ALL_EXPORTS}, ${name}`)) - coreBytes;
      console.log(`${name}: +${added} bytes gzip`);
      expect(added).toBeGreaterThan(0);
    }
    const spa = gzip(await bundle(`${ALL_EXPORTS}, spaNavigation`)) - coreBytes;
    expect(spa).toBeLessThanOrEqual(SPA_BUDGET);
    const all = gzip(await bundle(`${ALL_EXPORTS}, ${MODULES.join(', ')}`)) - coreBytes;
    console.log(`all ${MODULES.length} modules: +${all} bytes gzip`);
  });

  it('logs lost events in development builds only: an app built for production carries no console.warn', async () => {
    expect(await browserBundle(dist, 'createTracker', 'development')).toContain('console.warn');
    expect(await bundle(ALL_EXPORTS)).not.toContain('console');
    expect(readFileSync(join(dist, 'tracker.global.js'), 'utf8')).not.toContain('console');
  });

  it('ships no runtime dependency: the bundle has no Zod and no imports', async () => {
    const code = await bundle('createTracker');
    expect(code).not.toMatch(/\bimport\b|require\(|zod/);
  });
});
