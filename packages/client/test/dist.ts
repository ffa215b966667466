import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const packageRoot = join(import.meta.dirname, '..');
export const dist = join(packageRoot, 'dist');

/** `npm test` builds first; running one test file alone builds dist/ here when it is missing. */
export function ensureBuilt(): void {
  if (
    ['browser.js', 'tracker.global.js', 'tracker.spa.global.js'].every((file) => existsSync(join(dist, file)))
  )
    return;
  execFileSync('npm', ['run', 'build'], { cwd: packageRoot, stdio: 'inherit' });
}

/** The TypeScript compiler's entry, from its package.json `bin` (the package does not export it). */
export function tscPath(): string {
  const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { tsc: string } };
  return join(dirname(manifest), bin.tsc);
}
