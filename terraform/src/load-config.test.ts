import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/fixtures.js';
import { InvalidInfraConfigError } from './errors.js';
import { loadTrackerConfig } from './load-config.js';

const ROOT_CONFIG = fileURLToPath(new URL('../../tracker.config.ts', import.meta.url));

describe('loadTrackerConfig', () => {
  it('loads the repository tracker.config.ts with defaults filled in', async () => {
    const config = await loadTrackerConfig(ROOT_CONFIG);

    expect(config.functionPrefix).toBe('mycompany');
    expect(config.apps.map((app) => app.name)).toEqual(['app1', 'app2']);
    expect(config.glueDatabase).toBe('analytics_db');
  });

  it('refuses a config that does not validate, naming the file and the problem', async () => {
    const dir = tempDir('tracker-config-');
    const path = join(dir, 'tracker.config.mjs');
    writeFileSync(path, "export default { allowedBuckets: ['Not A Bucket'] };\n");

    const loading = loadTrackerConfig(path);
    await expect(loading).rejects.toThrow(InvalidInfraConfigError);
    await expect(loadTrackerConfig(path)).rejects.toThrow(/tracker\.config\.mjs.*allowedBuckets/s);
  });
});
