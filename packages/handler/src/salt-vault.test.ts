import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileSaltVault } from './file-salt-vault.js';
import { createMemorySaltVault } from './memory-salt-vault.js';
import { isSalt, rotateSalts, type SaltVault } from './salt-vault.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function fileVault(): Promise<SaltVault> {
  const dir = await mkdtemp(join(tmpdir(), 'salts-'));
  dirs.push(dir);
  return createFileSaltVault(join(dir, 'salts.json'));
}

describe.each([
  ['memory', async () => createMemorySaltVault()],
  ['file', fileVault],
])('rotateSalts over the %s vault', (_name, makeVault) => {
  it('creates random salts for today and tomorrow (UTC), 64 hex each, all different', async () => {
    const vault = await makeVault();
    const result = await rotateSalts(vault, new Date('2025-12-17T23:30:00Z'));
    expect(result).toEqual({ today: '2025-12-17', created: ['2025-12-17', '2025-12-18'], deleted: [] });
    const today = await vault.read('2025-12-17');
    const tomorrow = await vault.read('2025-12-18');
    expect(isSalt(today ?? '')).toBe(true);
    expect(isSalt(tomorrow ?? '')).toBe(true);
    expect(today).not.toBe(tomorrow);
    const elsewhere = await makeVault();
    await rotateSalts(elsewhere, new Date('2025-12-17T23:30:00Z'));
    expect(await elsewhere.read('2025-12-17')).not.toBe(today);
  });

  it('never replaces a salt in use, however often it runs', async () => {
    const vault = await makeVault();
    await rotateSalts(vault, new Date('2025-12-17T00:05:00Z'));
    const first = await vault.read('2025-12-17');
    const again = await rotateSalts(vault, new Date('2025-12-17T01:05:00Z'));
    expect(again).toEqual({ today: '2025-12-17', created: [], deleted: [] });
    expect(await vault.read('2025-12-17')).toBe(first);
  });

  it("destroys every day that has ended and keeps tomorrow's salt made yesterday", async () => {
    const vault = await makeVault();
    // A day left over while the rotation was not running, then a normal day.
    await vault.createIfAbsent('2025-12-15', 'ab'.repeat(32));
    await rotateSalts(vault, new Date('2025-12-16T12:00:00Z'));
    await vault.createIfAbsent('2025-12-15', 'ab'.repeat(32));
    const madeAsTomorrow = await vault.read('2025-12-17');
    const result = await rotateSalts(vault, new Date('2025-12-17T00:05:00Z'));
    expect(result.created).toEqual(['2025-12-18']);
    expect(result.deleted.sort()).toEqual(['2025-12-15', '2025-12-16']);
    expect((await vault.days()).sort()).toEqual(['2025-12-17', '2025-12-18']);
    expect(await vault.read('2025-12-15')).toBeUndefined();
    expect(await vault.read('2025-12-16')).toBeUndefined();
    expect(await vault.read('2025-12-17')).toBe(madeAsTomorrow);
  });
});

describe('createFileSaltVault', () => {
  it('keeps salts in a file only its owner can read, and a destroyed salt is no longer in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'salts-'));
    dirs.push(dir);
    const file = join(dir, 'salts.json');
    const vault = createFileSaltVault(file);
    await rotateSalts(vault, new Date('2025-12-16T12:00:00Z'));
    const ended = (await vault.read('2025-12-16')) ?? 'missing';
    expect(await readFile(file, 'utf8')).toContain(ended);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await rotateSalts(vault, new Date('2025-12-17T00:05:00Z'));
    expect(await readFile(file, 'utf8')).not.toContain(ended);
  });

  it('creates one salt per day even when two requests race to create it', async () => {
    const vault = await fileVault();
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => vault.createIfAbsent('2025-12-17', String(i).repeat(64))),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await vault.read('2025-12-17')).toBe('0'.repeat(64));
  });
});
