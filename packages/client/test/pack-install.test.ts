// What an app outside this repository gets: both publishable packages packed with `npm pack`, installed
// into a scratch app in the system temp dir (no workspace links, no source condition), and type-checked
// there: the typed client, the wire types, and a `@trpc/client` call typed by the published AppRouter.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, packageRoot, tscPath } from './dist.js';

const root = join(packageRoot, '..', '..');
const app = mkdtempSync(join(tmpdir(), 'analytics-tracker-scratch-app-'));

const APP_TS = `import { createTracker, type TrackerEvent } from '@analytics-tracker/client';
import type { BatchResponse, EventFields, TrackRequest } from '@analytics-tracker/types';
import type { AppRouter } from '@analytics-tracker/types/trpc';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

const tracker = createTracker<{ signup: { plan: 'free' | 'pro' }; logout: undefined }>({
  endpoint: 'https://abc123.lambda-url.eu-west-1.on.aws',
  bucket: 'app1-analytics-prod',
});
void tracker.track('signup', { plan: 'pro' });
void tracker.track('logout');
// @ts-expect-error: not one of the plans
void tracker.track('signup', { plan: 'enterprise' });
// @ts-expect-error: a bigint is not JSON
createTracker<{ paid: { amount: bigint } }>({ endpoint: 'https://t.example', bucket: 'app1-analytics-prod' });
const fields: EventFields = { eventType: 'signup', timestamp: new Date().toISOString() };
const event: TrackerEvent = fields;

const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: 'https://abc123.lambda-url.eu-west-1.on.aws/trpc' })],
});

export async function send(): Promise<BatchResponse> {
  const request: TrackRequest = { ...event, bucket: 'app1-analytics-prod', metadata: { plan: 'pro' } };
  const single = await trpc.track.mutate(request);
  const status: 'ok' = single.status;
  const key: string = single.key;
  // @ts-expect-error: the bucket is required
  await trpc.track.mutate({ eventType: 'signup', timestamp: new Date().toISOString() });
  // @ts-expect-error: no such procedure
  await trpc.trackMany.mutate({});
  const batch = await trpc.trackBatch.mutate({ bucket: 'app1-analytics-prod', events: [fields] });
  const reasons: string[] = batch.rejected.map((rejected) => \`\${rejected.index}: \${rejected.error}\`);
  console.log(status, key, reasons);
  return batch;
}
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'ES2022',
    // @trpc/server's declarations use Disposable.
    lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
    strict: true,
    exactOptionalPropertyTypes: true,
    // Our published declarations are checked too, not only the app.
    skipLibCheck: false,
    noEmit: true,
    types: [],
  },
  files: ['app.ts'],
};

describe('the packed packages, installed in an app outside the workspace', () => {
  beforeAll(() => {
    ensureBuilt();
    const packed = JSON.parse(
      execFileSync(
        'npm',
        [
          'pack',
          '-w',
          '@analytics-tracker/client',
          '-w',
          '@analytics-tracker/types',
          '--pack-destination',
          app,
          '--json',
        ],
        { cwd: root, encoding: 'utf8' },
      ),
    ) as { name: string; filename: string }[];
    const tarball = (name: string) => `file:./${packed.find((entry) => entry.name === name)?.filename}`;
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'scratch-app',
        private: true,
        type: 'module',
        dependencies: {
          '@analytics-tracker/client': tarball('@analytics-tracker/client'),
          '@analytics-tracker/types': tarball('@analytics-tracker/types'),
          '@trpc/client': '11.25.2',
          '@trpc/server': '11.25.2',
        },
      }),
    );
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(join(app, 'app.ts'), APP_TS);
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: app,
      stdio: 'pipe',
    });
  }, 180_000);
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('type-checks the typed client and a @trpc/client call typed by the published AppRouter', () => {
    const output = (() => {
      try {
        return execFileSync(process.execPath, [tscPath(), '-p', app], { encoding: 'utf8' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(output).toBe('');
  }, 60_000);
});
