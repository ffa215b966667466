// Sums vitest's per-package "Tests  N failed | N passed | N skipped" lines into one closing line.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const text = stripVTControlCharacters(readFileSync(process.argv[2] ?? '/dev/stdin', 'utf8'));
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const line of text.split('\n')) {
  const summary = line.match(/\bTests\s+(.*\(\d+\))\s*$/);
  if (!summary?.[1]) continue;
  for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped)/g)) {
    totals[kind] += Number(count);
  }
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
