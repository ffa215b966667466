import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig, type TrackerConfig } from '@analytics-tracker/schema';

/**
 * Loads one config file and validates it again, so a hand-edited file gets a readable error.
 * Commands find the file with `loadTrackerConfig` (`--config`, `TRACKER_CONFIG`, or the nearest).
 *
 * @example
 * const config = await loadTrackerConfigFile('/repo/tracker.config.ts');
 */
export async function loadTrackerConfigFile(path: string): Promise<TrackerConfig> {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`No tracker config at ${file}`);
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (!module.default) throw new Error(`${file} must \`export default defineConfig({...})\``);
  return defineConfig(module.default as Parameters<typeof defineConfig>[0]);
}
