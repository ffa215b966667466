import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_PACKAGES, type LambdaPackage } from '@analytics-tracker/handler';
import { defineConfig, type TrackerConfig, type TrackerConfigInput } from '@analytics-tracker/schema';

const tempDirs: string[] = [];

/** A fresh temporary folder, removed after the test file by `removeTempDirs` (see setup-matchers.ts). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A folder with a stand-in Lambda build, laid out as the handler's build writes it (one folder per
 * function, `LAMBDA_PACKAGES`), so construct tests never depend on the handler build. `withSourceMap`
 * adds the `.map` file the real build may emit beside the tracker's entry.
 */
export function stubBundleDir(options: { withSourceMap?: boolean } = {}): string {
  const dir = tempDir('tracker-bundle-');
  const stub = (lambda: LambdaPackage, code: string) => {
    mkdirSync(join(dir, lambda.folder));
    writeFileSync(join(dir, lambda.folder, lambda.entry), code);
  };
  stub(LAMBDA_PACKAGES.tracker, 'export const handler = async () => ({ statusCode: 204 });\n');
  stub(LAMBDA_PACKAGES.rotateSalts, 'export const handler = async () => ({});\n');
  stub(LAMBDA_PACKAGES.compactDays, 'export const handler = async () => [];\n');
  if (options.withSourceMap)
    writeFileSync(join(dir, 'tracker/index.mjs.map'), '{"version":3,"sources":[],"mappings":""}');
  return dir;
}

/** A config with exact and wildcard buckets and two apps, as a platform team would write it. */
export function testConfig(overrides: Partial<TrackerConfigInput> = {}): TrackerConfig {
  return defineConfig({
    allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],
    corsOrigin: '*',
    functionPrefix: 'mycompany',
    apiName: 'mycompany-analytics-api',
    enableMetrics: true,
    lambdaTimeout: 10,
    apps: [
      { name: 'app1', bucket: 'app1-analytics-prod', allowedOrigins: ['https://app1.example.com'] },
      { name: 'app2', bucket: 'app2-analytics-staging' },
    ],
    ...overrides,
  });
}

/**
 * A Terraform interpolation as it appears in the synthesized JSON.
 *
 * @example
 * tfRef('var.origin_verify_secret'); // the string "${var.origin_verify_secret}"
 */
export const tfRef = (expression: string): string => `\${${expression}}`;

/** The account id the stack reads from `aws_caller_identity`, as Terraform will render it. */
export const ACCOUNT_ID_REF = tfRef('data.aws_caller_identity.current.account_id');

/** A synthesized stack, parsed: `resource.<type>.<name>` and friends. */
export interface SynthesizedStack {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, { value: unknown }>;
}

/** Parses `Testing.synth*` output. */
export function parseStack(json: string): SynthesizedStack {
  return JSON.parse(json) as SynthesizedStack;
}

/** Every resource of one type, in synthesis order. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, unknown>[] {
  return Object.values(stack.resource[type] ?? {});
}

/** The single resource of a type; fails the test when there is not exactly one. */
export function onlyResource(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const found = resourcesOf(stack, type);
  const [first] = found;
  if (first === undefined || found.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${found.length}`);
  }
  return first;
}
