import { type Dirent, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '@analytics-tracker/schema';

/** What the embedded S3 keeps beside each object; everything else in a bucket folder is stored data. */
const S3RVER_METADATA = /\._S3rver_metadata\.json$/;

/** True as soon as one stored file is found below `directory` (stops at the first). */
async function holdsAFile(directory: string): Promise<boolean> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.isFile() && !S3RVER_METADATA.test(entry.name)) return true;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && (await holdsAFile(join(directory, entry.name)))) return true;
  }
  return false;
}

/**
 * Why a local query would see no events at all, or undefined when some app's bucket folder
 * (`<dataDir>/s3/<bucket>/`) holds a stored object. Lets the CLI say "the folder is empty" instead
 * of printing "(0 rows)" as if the tracker had counted nothing.
 *
 * @example
 * await localDataProblem('/repo/.dta', config.apps); // 'does not exist'
 */
export async function localDataProblem(
  dataDir: string,
  apps: readonly Pick<AppConfig, 'bucket'>[],
): Promise<'does not exist' | 'holds no events' | undefined> {
  if (!existsSync(dataDir)) return 'does not exist';
  for (const app of apps) if (await holdsAFile(join(dataDir, 's3', app.bucket))) return undefined;
  return 'holds no events';
}
