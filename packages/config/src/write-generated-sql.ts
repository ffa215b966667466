import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedSqlFiles, type TrackerConfig } from '@analytics-tracker/schema';

/**
 * Writes the generated `sql/` files under `root`; returns the paths whose content changed.
 *
 * @example
 * await writeGeneratedSql('/repo', config); // ['sql/athena-setup.sql'] after a schema change
 */
export async function writeGeneratedSql(root: string, config: TrackerConfig): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, content] of Object.entries(generatedSqlFiles(config))) {
    const target = join(root, path);
    const before = await readFile(target, 'utf8').catch(() => undefined);
    if (before === content) continue;
    await writeFile(target, content);
    changed.push(path);
  }
  return changed;
}
