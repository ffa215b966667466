import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  ConfigNotFoundError,
  InvalidConfigError,
  parseTrackerConfig,
  SchemaError,
  type TrackerConfig,
} from '@analytics-tracker/schema';
import { importConfigFile } from './import-config-file.js';

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
 * A `.js`/`.mjs`/`.cjs` config outside the repository cannot resolve the workspace's
 * `@analytics-tracker/schema` (a `.ts` one is compiled with the tracker's own packages in reach);
 * `defineConfig` only adds types, so a plain object default export is the same config.
 */
function importHint(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return message.includes('@analytics-tracker/schema')
    ? ' (a .js/.mjs/.cjs config outside this repository cannot import @analytics-tracker/schema, a .ts one can: `export default { ... }` with a plain object works the same, since defineConfig only adds types)'
    : '';
}

/**
 * The schema's own error, from this copy of the schema or from the copy a compiled config carries
 * with it (the prebuilt `tracker` command bundles the config with what it imports): the same `code`.
 */
function isSchemaError(error: unknown): error is Error {
  return (
    error instanceof SchemaError ||
    (error instanceof Error && (error as { code?: unknown }).code === 'INVALID_CONFIG')
  );
}

/**
 * The one loader of `tracker.config.ts`, for every command (`npm run offline`, `query`, `dashboard`,
 * `synth`, `sql:generate`): `path` (a `--config` flag), else `TRACKER_CONFIG`, else the nearest
 * `tracker.config.ts` at or above `cwd`. The default export is validated strictly (an unknown key is an
 * error naming the closest known key). A `.ts`, `.mjs`, `.cjs` or `.js` file loads the same way in
every command and runtime, inside the repository or not (`importConfigFile`).
 * Throws `ConfigNotFoundError` when there is no file, `InvalidConfigError` when it is not a valid config.
 *
 * @example
 * const { config, path } = await loadTrackerConfig({ cwd: process.cwd(), env: process.env });
 */
export async function loadTrackerConfig(options: {
  cwd: string;
  path?: string | undefined;
  env?: Record<string, string | undefined>;
  /** Imports the config file (default `importConfigFile`; tests inject a failing one). */
  importModule?: ((path: string) => Promise<unknown>) | undefined;
}): Promise<{ config: TrackerConfig; path: string }> {
  const given = options.path ?? (options.env?.TRACKER_CONFIG || undefined);
  const path = given ? resolve(options.cwd, given) : findConfigFile(options.cwd);
  if (!path || !existsSync(path)) {
    throw new ConfigNotFoundError(
      `Could not find ${given ?? CONFIG_FILE} from ${options.cwd}; pass --config <file> or set TRACKER_CONFIG.`,
    );
  }
  let module: { default?: unknown };
  try {
    module = (await (options.importModule ?? importConfigFile)(path)) as { default?: unknown };
  } catch (error) {
    const reason = isSchemaError(error)
      ? error.message
      : `could not load it: ${(error as Error).message}${importHint(error)}`;
    throw new InvalidConfigError(`${path}: ${reason}`, { cause: error });
  }
  if (module.default === undefined) {
    throw new InvalidConfigError(`${path} must \`export default defineConfig({...})\``);
  }
  try {
    return { config: parseTrackerConfig(module.default), path };
  } catch (error) {
    throw new InvalidConfigError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}
