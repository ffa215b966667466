import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The offline IP-hash secret: `IP_HASH_SECRET` when set, else one generated on first start and kept
 * in `<dataDir>/ip-hash-secret` (mode 600), so visitor ids stay stable across restarts.
 *
 * @example
 * const secret = await loadIpHashSecret('.data');
 */
export async function loadIpHashSecret(dataDir: string, env = process.env): Promise<string> {
  if (env.IP_HASH_SECRET) return env.IP_HASH_SECRET;
  const file = join(dataDir, 'ip-hash-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 16) return existing;
  } catch {
    // First start: create it below.
  }
  const secret = randomBytes(32).toString('hex');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
