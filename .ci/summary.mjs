// Closes a run's log with what a reader of its last lines needs: each failed test with its error and
// where it was thrown (vitest prints these in the middle of the streamed output of 13 packages), then
// the sum of every package's vitest "Tests  N failed | N passed | N skipped" line.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const text = stripVTControlCharacters(readFileSync(process.argv[2] ?? '/dev/stdin', 'utf8'));
const lines = text.split('\n');

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const line of lines) {
  const summary = line.match(/\bTests\s+(.*\(\d+\))\s*$/);
  if (!summary?.[1]) continue;
  for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped)/g)) {
    totals[kind] += Number(count);
  }
}

// vitest's report of a failure: " FAIL  file > test", the error, then " ❯ file:line:column".
// Each line carries its package's prefix ("@scope/name: "); only that package's lines are kept.
const failures = [];
for (const [index, line] of lines.entries()) {
  const head = line.match(/^(\S+:)\s+FAIL\s+(.+)$/);
  if (!head) continue;
  const [, prefix, title] = head;
  const block = [`${prefix} FAIL ${title}`];
  for (const next of lines.slice(index + 1)) {
    if (!next.startsWith(prefix)) continue;
    const body = next.slice(prefix.length).trimEnd();
    if (body.trim() === '') continue;
    if (block.length > 12 || /^\s*(FAIL|⎯)/.test(body)) break;
    block.push(`  ${body.trim()}`);
    if (/^\s*❯ \S+:\d+:\d+/.test(body)) break;
  }
  failures.push(block.join('\n'));
}
if (failures.length > 0) console.log(`\nFailed tests:\n${failures.join('\n')}\n`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
