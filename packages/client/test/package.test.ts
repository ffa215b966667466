import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { dist, ensureBuilt, packageRoot, tscPath } from './dist.js';

describe('the published package', () => {
  beforeAll(ensureBuilt);

  it('is publint clean, suggestions included', async () => {
    const { messages, pkg } = await publint({ pkgDir: packageRoot, level: 'suggestion', strict: true });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it('has declarations that import only the published types: no other workspace package, no Zod', () => {
    const declarations = readdirSync(dist).filter((file) => /\.d\.c?ts$/.test(file));
    expect(declarations).toContain('index.d.ts');
    expect(declarations).toContain('index.d.cts');
    for (const file of declarations) {
      expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(
        /^(import|export)\b[^\n]*from '(@analytics-tracker\/(?!types')|zod)/m,
      );
    }
  });

  it("declares the published event fields (the schema's, see the types package) for import and require", () => {
    const tsc = tscPath();
    const output = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', join(packageRoot, 'test/dist-types')], {
          encoding: 'utf8',
        });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(output).toBe('');
  });

  it('gives bundlers a browser build without the Node half (the `browser` condition)', () => {
    const browser = readFileSync(join(dist, 'browser.js'), 'utf8');
    const universal = readFileSync(join(dist, 'index.js'), 'utf8');
    expect(universal).toContain('beforeExit');
    expect(browser).not.toContain('beforeExit');
    // The browser half: the listener that sends the waiting batches when the page is hidden or closed.
    expect(browser).toContain('visibilitychange');
  });

  it('runs from the CommonJS build in Node', () => {
    const { createTracker, TrackerClientError } = createRequire(import.meta.url)(join(dist, 'index.cjs'));
    expect(typeof createTracker).toBe('function');
    expect(new TrackerClientError('rejected', 403)).toMatchObject({ code: 'rejected', status: 403 });
  });
});
