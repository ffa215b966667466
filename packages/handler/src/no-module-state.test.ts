import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SOURCES = readdirSync(import.meta.dirname).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
);

/** Top-level declarations that hold state: `let`/`var`, or a `const` bound to a new collection or buffer. */
const MUTABLE_TOP_LEVEL =
  /^(?:export\s+)?(?:let|var)\s|^(?:export\s+)?const\s+\w+\s*(?::[^=]+)?=\s*new\s+(?:Map|Set|WeakMap|Array)\b|^(?:export\s+)?const\s+\w+\s*(?::[^=]+)?=\s*Buffer\.alloc/;

describe('no module-level state in the handler', () => {
  it.each(SOURCES)(
    '%s declares no mutable top-level state (caches live in what createHandler builds)',
    (name) => {
      const lines = readFileSync(new URL(name, import.meta.url), 'utf8').split('\n');
      expect(lines.filter((line) => MUTABLE_TOP_LEVEL.test(line))).toEqual([]);
    },
  );

  it('checks the files that used to keep caches', () => {
    expect(SOURCES).toEqual(
      expect.arrayContaining(['enrich.ts', 'url-fields.ts', 'object-key.ts', 'user-agent.ts']),
    );
  });
});
