import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigNotFoundError, InvalidConfigError } from '@analytics-tracker/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTrackerConfig } from './load-config.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding `files` (plain .mjs configs, so no TypeScript loader is involved). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const config = (functionPrefix: string, extra = '') =>
  `export default { allowedBuckets: ['app1-analytics-prod'], functionPrefix: '${functionPrefix}'${extra} };\n`;

describe('loadTrackerConfig: one lookup for every command', () => {
  it('loads the repository tracker.config.ts, found from a sub-folder, with defaults filled in', async () => {
    const { config: loaded, path } = await loadTrackerConfig({ cwd: join(ROOT, 'packages/config/src') });
    expect(path).toBe(join(ROOT, 'tracker.config.ts'));
    expect(loaded.functionPrefix).toBe('mycompany');
    expect(loaded.apps.map((app) => app.name)).toEqual(['app1', 'app2']);
    expect(loaded.glueDatabase).toBe('analytics_db');
  });

  it('takes --config first, then TRACKER_CONFIG, then the nearest file', async () => {
    const dir = folder({
      'flag.mjs': config('from-flag'),
      'env.mjs': config('from-env'),
      'tracker.config.ts': config('nearest'),
      'sub/.keep': '',
    });
    const env = { TRACKER_CONFIG: 'env.mjs' };
    const cwd = dir;
    expect((await loadTrackerConfig({ cwd, env, path: 'flag.mjs' })).config.functionPrefix).toBe('from-flag');
    expect((await loadTrackerConfig({ cwd, env })).config.functionPrefix).toBe('from-env');
    expect((await loadTrackerConfig({ cwd: join(dir, 'sub'), env: {} })).config.functionPrefix).toBe(
      'nearest',
    );
  });

  it('says a missing file is missing, with the two ways to name one', async () => {
    const dir = folder({});
    const loading = loadTrackerConfig({ cwd: dir, env: { TRACKER_CONFIG: 'nowhere.ts' } });
    await expect(loading).rejects.toBeInstanceOf(ConfigNotFoundError);
    await expect(loading).rejects.toThrow(
      /Could not find nowhere\.ts .*--config <file> or set TRACKER_CONFIG/,
    );
  });

  it('refuses an invalid config as invalid (not as missing), naming the file and the problem', async () => {
    const dir = folder({ 'bad.mjs': "export default { allowedBuckets: ['Not A Bucket'] };\n" });
    const loading = loadTrackerConfig({ cwd: dir, path: 'bad.mjs' });
    await expect(loading).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(loading).rejects.not.toBeInstanceOf(ConfigNotFoundError);
    await expect(loading).rejects.toThrow(/bad\.mjs: Invalid tracker config:\n {2}- allowedBuckets\[0\]: /);
  });

  it('refuses a misspelt key instead of dropping it, and names the key it resembles', async () => {
    const dir = folder({
      'typo.mjs': config('x', ", corsOrgin: 'https://shop.example.com'"),
      'nested.mjs': config(
        'x',
        ", apps: [{ name: 'shop', bucket: 'shop-analytics', allowedOrigin: ['https://shop.example.com'] }]",
      ),
      'unknown.mjs': config('x', ', colour: 1'),
    });
    await expect(loadTrackerConfig({ cwd: dir, path: 'typo.mjs' })).rejects.toThrow(
      'unknown key "corsOrgin" (did you mean "corsOrigin"?)',
    );
    await expect(loadTrackerConfig({ cwd: dir, path: 'nested.mjs' })).rejects.toThrow(
      'unknown key "apps[0].allowedOrigin" (did you mean "apps[0].allowedOrigins"?)',
    );
    await expect(loadTrackerConfig({ cwd: dir, path: 'unknown.mjs' })).rejects.toThrow(
      /unknown key "colour"\n?$/,
    );
  });

  it('reports a config whose own defineConfig throws as invalid, with the hint', async () => {
    const schemaEntry = join(ROOT, 'packages/schema/src/index.ts');
    const dir = folder({
      'tracker.config.ts': `import { defineConfig } from '${schemaEntry}';\nexport default defineConfig({ allowedBuckets: [], corsOrgin: '*' } as never);\n`,
    });
    const loading = loadTrackerConfig({ cwd: dir });
    await expect(loading).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(loading).rejects.toThrow(
      /tracker\.config\.ts: Invalid tracker config:[\s\S]*did you mean "corsOrigin"/,
    );
  });

  it('reports the invalid config of a compiled copy of the schema (its own error class) the same way', async () => {
    const dir = folder({ 'tracker.config.ts': '// compiled elsewhere\n' });
    // What the prebuilt tracker command's importer throws: the config's own bundled InvalidConfigError.
    class CopiedInvalidConfigError extends Error {
      readonly code = 'INVALID_CONFIG';
    }
    const loading = loadTrackerConfig({
      cwd: dir,
      importModule: async () => {
        throw new CopiedInvalidConfigError('Invalid tracker config:\n  - unknown key "corsOrgin"');
      },
    });
    await expect(loading).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(loading).rejects.toThrow(
      `${join(dir, 'tracker.config.ts')}: Invalid tracker config:\n  - unknown key "corsOrgin"`,
    );
  });

  it('loads .ts (TypeScript syntax), .cjs and CommonJS .js configs outside any package alike; sees an edit', async () => {
    const dir = folder({
      'typed.ts': `interface App { name: string; bucket: string }\nconst apps: App[] = [{ name: 'shop', bucket: 'shop-analytics' }];\nexport default { allowedBuckets: [] as string[], apps, functionPrefix: 'typed' };\n`,
      'common.cjs': `module.exports = { allowedBuckets: ['a-analytics'], functionPrefix: 'common' };\n`,
      'plain.js': `module.exports = { allowedBuckets: ['a-analytics'], functionPrefix: 'plain' };\n`,
    });
    const typed = await loadTrackerConfig({ cwd: dir, path: 'typed.ts' });
    expect(typed.config.functionPrefix).toBe('typed');
    expect(typed.config.apps).toEqual([expect.objectContaining({ name: 'shop', bucket: 'shop-analytics' })]);
    expect((await loadTrackerConfig({ cwd: dir, path: 'common.cjs' })).config.functionPrefix).toBe('common');
    expect((await loadTrackerConfig({ cwd: dir, path: 'plain.js' })).config.functionPrefix).toBe('plain');

    // The compiled copy is cached; a later edit (a newer file) is compiled again.
    writeFileSync(
      join(dir, 'typed.ts'),
      `const prefix: string = 'edited';\nexport default { allowedBuckets: ['a-analytics'], functionPrefix: prefix };\n`,
    );
    utimesSync(join(dir, 'typed.ts'), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    expect((await loadTrackerConfig({ cwd: dir, path: 'typed.ts' })).config.functionPrefix).toBe('edited');
  });

  it("loads a copy of the repository's own tracker.config.ts (it imports the schema) from outside the repository", async () => {
    const source = readFileSync(join(ROOT, 'tracker.config.ts'), 'utf8');
    expect(source).toContain("from '@analytics-tracker/schema'");
    const dir = folder({ 'tracker.config.ts': source });
    const copied = await loadTrackerConfig({ cwd: dir, path: 'tracker.config.ts' });
    const original = await loadTrackerConfig({ cwd: ROOT, path: 'tracker.config.ts' });
    expect(copied.config).toEqual(original.config);
  });

  it('tells a config outside the repository that a plain object works without the schema import', async () => {
    const dir = folder({
      'tracker.config.mjs': `import { defineConfig } from '@analytics-tracker/schema';\nexport default defineConfig({ allowedBuckets: ['a-analytics'] });\n`,
    });
    const loading = loadTrackerConfig({ cwd: dir, path: 'tracker.config.mjs' });
    await expect(loading).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(loading).rejects.toThrow(/plain object works the same/);
  });
});
