import { defineConfig, type TrackerConfigInput } from '../src/tracker-config.js';

/**
 * The message `defineConfig` refuses a config with, or undefined when it is valid: what a user sees
 * at synth.
 *
 * @example
 * expect(configProblem({ apps: [] })).toMatch(/apps/);
 */
export function configProblem(input: TrackerConfigInput): string | undefined {
  try {
    defineConfig(input);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
