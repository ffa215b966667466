import { pathToFileURL } from 'node:url';
import { type TrackerConfig, TrackerConfigSchema } from '@analytics-tracker/schema';
import * as z from 'zod/mini';
import { InvalidInfraConfigError } from './errors.js';

/**
 * Loads a `tracker.config.ts` (its default export) and validates it again, so a config written without
 * `defineConfig` is still checked and filled with defaults.
 *
 * @example
 * const config = await loadTrackerConfig('/repo/tracker.config.ts');
 */
export async function loadTrackerConfig(path: string): Promise<TrackerConfig> {
  const module: { default?: unknown } = await import(pathToFileURL(path).href);
  const result = TrackerConfigSchema.safeParse(module.default);
  if (!result.success) {
    throw new InvalidInfraConfigError(`${path}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
