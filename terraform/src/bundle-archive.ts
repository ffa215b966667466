import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { zipSync } from 'fflate';

/**
 * Every entry gets this time. Built from local fields on purpose: zip stores a DOS date in local
 * time, so a constant instant would still give other bytes in another time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix `-rw-r--r--`, whatever the builder's umask was. */
const FILE_ATTRIBUTES = { os: 3, attrs: 0o100644 << 16, mtime: FIXED_MTIME };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * Zips a folder so that the same files always give the same bytes: sorted entries, one fixed time
 * and fixed permissions. CDKTF's own archive embeds each file's mtime, so every build changed the
 * Lambda's `source_code_hash` and every `terraform apply` redeployed an unchanged function.
 *
 * @example
 * writeDeterministicZip('packages/handler/dist/lambda', 'cdktf.out/bundles/tracker.zip');
 */
export function writeDeterministicZip(sourceDir: string, zipFile: string): void {
  const entries = Object.fromEntries(
    filesUnder(sourceDir).map((name) => [
      name,
      [readFileSync(join(sourceDir, name)), FILE_ATTRIBUTES] as [Uint8Array, typeof FILE_ATTRIBUTES],
    ]),
  );
  mkdirSync(dirname(zipFile), { recursive: true });
  writeFileSync(zipFile, zipSync(entries, { level: 9 }));
}
