import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TrackerConfig } from '@analytics-tracker/schema';
import { loadTrackerConfigFile } from '../tracker-config-file.js';
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
 * Finds, loads and validates `tracker.config.ts` (or `path`): the same loader `npm run offline` uses.
 * Runs under tsx or vitest, which load TypeScript.
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
  try {
    return { config: await loadTrackerConfigFile(path), path };
  } catch (error) {
    throw new ConfigNotFoundError(`Could not load ${path}: ${(error as Error).message}`, error);
  }
}
