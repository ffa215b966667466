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
 * Finds, loads and validates the config every command reads (`npm run offline`, `query`,
 * `dashboard`): `path` (a `--config` flag), else `TRACKER_CONFIG`, else the nearest
 * `tracker.config.ts` at or above `cwd`. Runs under tsx or vitest, which load TypeScript.
 *
 * @example
 * const { config, path } = await loadTrackerConfig({ cwd: process.cwd(), env: process.env });
 */
export async function loadTrackerConfig(options: {
  cwd: string;
  path?: string;
  env?: Record<string, string | undefined>;
}): Promise<{ config: TrackerConfig; path: string }> {
  const given = options.path ?? (options.env?.TRACKER_CONFIG || undefined);
  const path = given ? resolve(options.cwd, given) : findConfigFile(options.cwd);
  if (!path || !existsSync(path)) {
    throw new ConfigNotFoundError(
      `Could not find ${given ?? CONFIG_FILE} from ${options.cwd}; pass --config <file> or set TRACKER_CONFIG.`,
    );
  }
  try {
    return { config: await loadTrackerConfigFile(path), path };
  } catch (error) {
    throw new ConfigNotFoundError(`Could not load ${path}: ${(error as Error).message}`, error);
  }
}
