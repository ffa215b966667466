/**
 * Writes the "Latest run" tables of bench/README.md from bench/results/latest.json, between the
 * `bench:latest` markers, so every figure there is one the committed JSON holds.
 * `npm run bench:readme` rewrites them; `npm run bench:readme -- --check` fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './lib/children.js';
import { type BenchResults, renderTables } from './report.js';

const START = '<!-- bench:latest:start (generated from results/latest.json by npm run bench:readme) -->';
const END = '<!-- bench:latest:end -->';
const README = join(ROOT, 'bench/README.md');
const LATEST = join(ROOT, 'bench/results/latest.json');

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * When the figures were measured: the full run's time, or, once parts were merged in alone, each
 * part's (parts measured together are named together, newest first).
 *
 * @example
 * measuredWhen(results); // 'measured cpu, cold at 2026-11-30 18:04 UTC; e2e, dashboard at 2026-11-30 17:48 UTC'
 */
export function measuredWhen(results: BenchResults): string {
  const parts = Object.entries(results.partsMeasuredAt ?? {});
  if (parts.length === 0) return `measured at ${minute(results.measuredAt)}`;
  const byTime = new Map<string, string[]>();
  for (const [part, at] of parts) byTime.set(minute(at), [...(byTime.get(minute(at)) ?? []), part]);
  const groups = [...byTime].sort(([a], [b]) => b.localeCompare(a));
  return `measured ${groups.map(([at, names]) => `${names.join(', ')} at ${at}`).join('; ')}`;
}

/**
 * The README with its generated block replaced by the tables of `results`.
 *
 * @example
 * writeFileSync('bench/README.md', readmeWith(readFileSync('bench/README.md', 'utf8'), results));
 */
export function readmeWith(readme: string, results: BenchResults): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`bench/README.md has no ${START} … ${END} block`);
  const { machine } = results;
  const block = [
    START,
    '',
    `\`${results.command}\` on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${measuredWhen(results)}:`,
    '',
    renderTables(results),
    '',
  ].join('\n');
  return `${readme.slice(0, from)}${block}${readme.slice(to)}`;
}

/**
 * Rewrites bench/README.md from bench/results/latest.json; with `check`, only reports whether it is
 * up to date.
 *
 * @example
 * updateReadme(); // after npm run bench wrote latest.json
 */
export function updateReadme(check = false): boolean {
  const results = JSON.parse(readFileSync(LATEST, 'utf8')) as BenchResults;
  const readme = readFileSync(README, 'utf8');
  const next = readmeWith(readme, results);
  if (!check && next !== readme) writeFileSync(README, next);
  return next === readme;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const current = updateReadme(check);
  if (check && !current) {
    process.stderr.write('bench/README.md differs from results/latest.json: run npm run bench:readme\n');
    process.exit(1);
  }
}
