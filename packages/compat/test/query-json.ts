import { expect } from 'vitest';
import { runQueryProcess } from '../src/index.js';

/**
 * Runs `npm run query -- <args> --format json` over one config and data folder, as a user would,
 * and returns its rows; a query that writes to stderr or exits non-zero fails the calling test.
 *
 * @example
 * const rows = await queryJson(['--name', 'daily_page_views'], { configFile, dataDir });
 */
export async function queryJson(
  args: readonly string[],
  where: { configFile: string; dataDir: string },
): Promise<Record<string, unknown>[]> {
  const result = await runQueryProcess([
    ...args,
    '--format',
    'json',
    '--config',
    where.configFile,
    '--data-dir',
    where.dataDir,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}
