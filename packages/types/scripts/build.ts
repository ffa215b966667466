/**
 * Builds the published declarations into dist/ (there is no runtime code):
 * - index.d.ts / index.d.cts: the wire types, generated from the schema (scripts/wire-types.ts);
 * - trpc.d.ts / trpc.d.cts: `AppRouter`, the handler's router type for `@trpc/client`, written over the
 *   wire types and `@trpc/server`'s own types (test/types.test.ts requires it to equal the handler's).
 * Run with `npm run build -w @analytics-tracker/types`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRouterDeclaration } from './app-router.js';
import { wireTypes } from './wire-types.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
const wire = wireTypes();
writeFileSync(join(dist, 'index.d.ts'), wire);
writeFileSync(join(dist, 'index.d.cts'), wire);
writeFileSync(join(dist, 'trpc.d.ts'), appRouterDeclaration('./index.js'));
writeFileSync(join(dist, 'trpc.d.cts'), appRouterDeclaration('./index.cjs'));
