import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type TrackerConfig, TrackerConfigSchema } from '@analytics-tracker/schema';
import { ConfigNotFoundError } from './errors.js';

/** File name of the platform team's config, at the repository root. */
export const CONFIG_FILE = 'tracker.config.ts';

/**
 * The nearest `tracker.config.ts` at or above `from`, or undefined.
 *
 * @example
 * findConfigFile(process.cwd()); // '/repo/tracker.config.ts'
 */
export function findConfigFile(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads and validates `tracker.config.ts` (its default export). Runs under tsx or vitest, which load TS.
 *
 * @example
 * const { config, path } = await loadTrackerConfig({ cwd: process.cwd() });
 */
export async function loadTrackerConfig(options: {
  cwd: string;
  path?: string;
}): Promise<{ config: TrackerConfig; path: string }> {
  const path = options.path ? resolve(options.cwd, options.path) : findConfigFile(options.cwd);
  if (!path || !existsSync(path)) {
    throw new ConfigNotFoundError(
      `Could not find ${options.path ?? CONFIG_FILE} from ${options.cwd}; pass --config <file>.`,
    );
  }
  let loaded: unknown;
  try {
    loaded = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new ConfigNotFoundError(`Could not load ${path}: ${(error as Error).message}`, error);
  }
  const result = TrackerConfigSchema.safeParse(loaded);
  if (!result.success) throw new ConfigNotFoundError(`${path} does not export a valid tracker config`);
  return { config: result.data, path };
}
