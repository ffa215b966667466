import { execFileSync } from 'node:child_process';

/**
 * Debian's Chromium for browser tests (`apt-get install -y chromium`; playwright cannot download
 * browsers here): `CHROMIUM_PATH`, else `chromium` or `chromium-browser` on the PATH, else undefined
 * (the browser suites then skip and say why).
 *
 * @example
 * const browser = await chromium.launch({ executablePath: findChromium() ?? 'chromium' });
 */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not on the PATH
    }
  }
  return undefined;
}

/**
 * Flags every browser test launches Chromium with: no sandbox (containers), no GPU, and none of the
 * background traffic (updates, sync, first-run pages) a test machine without network cannot serve.
 *
 * @example
 * await chromium.launch({ executablePath: findChromium() ?? 'chromium', args: CHROMIUM_ARGS });
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
