import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig, type TrackerConfig } from '@analytics-tracker/schema';

/**
 * Loads the platform team's `tracker.config.ts` (default: in the current folder; `TRACKER_CONFIG`
 * names another), validated again so a hand-edited file gets a readable error.
 *
 * @example
 * const config = await loadTrackerConfigFile(); // ./tracker.config.ts
 */
export async function loadTrackerConfigFile(
  path = process.env.TRACKER_CONFIG ?? 'tracker.config.ts',
): Promise<TrackerConfig> {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`No tracker config at ${file} (set TRACKER_CONFIG to its path)`);
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (!module.default) throw new Error(`${file} must \`export default defineConfig({...})\``);
  return defineConfig(module.default as Parameters<typeof defineConfig>[0]);
}
