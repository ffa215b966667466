import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SeedRequest, seedEvents } from '@analytics-tracker/local';
import { parseTrackerConfig } from '@analytics-tracker/schema';
import { TEST_VISITORS } from '@analytics-tracker/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, run, start } from './tracker-helpers.js';

// A platform team's config in its own folder, far from this repository: no sql/ beside it, no
// package.json, and a bucket of its own (so figures can only come from this config and its data).
const BUCKET = 'shop-analytics-prod';
const APPS = `[{ name: 'app1', bucket: '${BUCKET}' }]`;
/** The same config in each form a team may write it; the .ts one uses TypeScript syntax. */
const CONFIGS: Record<string, string> = {
  'tracker.config.ts': `interface App { name: string; bucket: string }\nconst apps: App[] = ${APPS};\nexport default { allowedBuckets: [] as string[], apps };\n`,
  'tracker.config.mjs': `export default { allowedBuckets: [], apps: ${APPS} };\n`,
  'tracker.config.cjs': `module.exports = { allowedBuckets: [], apps: ${APPS} };\n`,
  // No package.json around it: Node reads a .js file as CommonJS.
  'tracker.config.js': `module.exports = { allowedBuckets: [], apps: ${APPS} };\n`,
};

/** What the test sends today: each visitor views these pages (no bot, one app). */
const { A, B } = TEST_VISITORS;
const VISITS = [
  { visitor: A, pages: ['/', '/pricing', '/pricing'] },
  { visitor: B, pages: ['/pricing', '/docs'] },
];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'outside-config-'));
  for (const [name, text] of Object.entries(CONFIGS)) await writeFile(join(folder, name), text);
  const now = Date.now();
  const requests: SeedRequest[] = VISITS.map(({ visitor, pages }) => ({
    bucket: BUCKET,
    visitor,
    at: new Date(now),
    events: pages.map((page, i) => ({
      eventType: 'page_view',
      timestamp: new Date(now - (pages.length - i) * 1000).toISOString(),
      page,
      sessionId: `s-${visitor.ip}`,
    })),
  }));
  // The data folder's default place is next to the config: `.data` in its folder.
  await seedEvents(join(folder, '.data'), parseTrackerConfig({ allowedBuckets: [BUCKET] }), requests);
}, 120_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** top_pages from what was sent: views and distinct visitors per page, most viewed first. */
function expectedTopPages(): { path: string; views: number; visitors: number }[] {
  const byPath = new Map<string, { views: number; visitors: Set<string> }>();
  for (const { visitor, pages } of VISITS) {
    for (const path of pages) {
      const entry = byPath.get(path) ?? { views: 0, visitors: new Set<string>() };
      entry.views += 1;
      entry.visitors.add(visitor.ip);
      byPath.set(path, entry);
    }
  }
  return [...byPath]
    .sort(([a, x], [b, y]) => y.views - x.views || (a < b ? -1 : 1))
    .map(([path, { views, visitors }]) => ({ path, views, visitors: visitors.size }));
}

const pageViews = VISITS.reduce((sum, visit) => sum + visit.pages.length, 0);

describe('a tracker.config outside the repository', () => {
  it.each(Object.keys(CONFIGS))(
    'tracker query --config /elsewhere/%s --name top_pages',
    async (name) => {
      // Typed in the config's folder, as the team would: nothing of this repository around it.
      const { code, stdout, stderr } = await run(
        process.execPath,
        [BIN, 'query', '--config', join(folder, name), '--name', 'top_pages', '--format', 'json'],
        { cwd: folder, env: cleanEnv() },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const rows = (JSON.parse(stdout) as { path: string; views: number; visitors: number }[]).map(
        ({ path, views, visitors }) => ({ path, views: Number(views), visitors: Number(visitors) }),
      );
      expect(rows).toEqual(expectedTopPages());
    },
    60_000,
  );

  it.each(['tracker.config.ts', 'tracker.config.cjs'])(
    'tracker dashboard --config /elsewhere/%s serves that config’s app and data',
    async (name) => {
      const dashboard = await start(
        ['dashboard', '--port', '0', '--config', join(folder, name)],
        /dashboard: (http:\/\/localhost:\d+)/,
        cleanEnv(),
        folder,
      );
      try {
        const base = dashboard.match[1] ?? '';
        const page = await (await fetch(`${base}/?app=app1&range=today`)).text();
        expect(page).toContain(`app1 (${BUCKET})`);
        const response = await fetch(`${base}/api/dashboard?app=app1&range=today`);
        expect(response.status).toBe(200);
        const data = (await response.json()) as {
          headline: { current: { rows: { page_views: number; visitors: number }[] } };
        };
        expect(Number(data.headline.current.rows[0]?.page_views)).toBe(pageViews);
        expect(Number(data.headline.current.rows[0]?.visitors)).toBe(VISITS.length);
      } finally {
        expect(await dashboard.interrupt()).toBe(0);
      }
      expect(dashboard.output()).toContain('SIGINT: stopping…');
    },
    60_000,
  );
});
