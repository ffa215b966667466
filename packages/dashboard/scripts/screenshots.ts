/**
 * `npm run screenshots -w @analytics-tracker/dashboard`: the README's screenshots. Sends the ground
 * truth's known traffic (test/ground-truth.ts) through the real offline server into a temporary
 * folder, starts the dashboard over it with a fixed clock, and saves the page at desktop and phone
 * widths into docs/ with headless Chromium (Debian's `chromium`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '@analytics-tracker/testkit';
import { chromium } from 'playwright-core';
import config from '../../../tracker.config.js';
import {
  DASHBOARD_QUERIES_FILE,
  loadDashboardQueries,
  localBackend,
  PANEL_QUERY_NAMES,
  startDashboard,
} from '../src/index.js';
import { sendGroundTruth } from '../test/ground-truth.js';

const DOCS = resolve(import.meta.dirname, '../docs');
const ROOT = resolve(import.meta.dirname, '../../..');
const NOW = new Date('2025-03-15T18:00:00.000Z');

const executablePath = findChromium();
if (!executablePath) {
  process.stderr.write('screenshots: chromium is not installed (apt-get install -y chromium)\n');
  process.exit(1);
}
const dataDir = await mkdtemp(join(tmpdir(), 'dashboard-screenshots-'));
try {
  await sendGroundTruth(dataDir, config, ['2025-03-13', '2025-03-14', '2025-03-15']);
  const dashboard = await startDashboard({
    config,
    backend: localBackend({ dataDir, config }),
    queries: await loadDashboardQueries(join(ROOT, DASHBOARD_QUERIES_FILE), PANEL_QUERY_NAMES),
    port: 0,
    clock: () => NOW,
    autoRefreshSeconds: 0,
  });
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  try {
    const shots = [
      { file: 'dashboard-desktop.png', path: '/?app=all&range=7d', viewport: { width: 1280, height: 900 } },
      {
        file: 'dashboard-filtered.png',
        path: '/?app=all&range=7d&page=%2Fpricing',
        viewport: { width: 1280, height: 900 },
      },
      { file: 'dashboard-phone.png', path: '/?app=app1&range=today', viewport: { width: 390, height: 844 } },
    ];
    for (const shot of shots) {
      // Light scheme, so the pictures look the same whatever the machine prefers.
      const page = await browser.newPage({ viewport: shot.viewport, colorScheme: 'light' });
      await page.goto(`${dashboard.url}${shot.path}`);
      await page.screenshot({ path: join(DOCS, shot.file), fullPage: true });
      await page.close();
      process.stdout.write(`screenshots: docs/${shot.file}\n`);
    }
  } finally {
    await browser.close();
    await dashboard.stop();
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
