import { describe, expect, it } from 'vitest';
import { SaltUnavailableError } from './errors.js';
import { createMemorySaltVault } from './memory-salt-vault.js';
import { createSaltSource } from './salt-source.js';
import { rotateSalts, type SaltVault } from './salt-vault.js';

/** The memory vault, counting its reads (the vault is real; only the count is added). */
function countingVault() {
  const vault = createMemorySaltVault();
  let reads = 0;
  const counted: SaltVault = {
    ...vault,
    location: vault.location,
    read: (day) => {
      reads += 1;
      return vault.read(day);
    },
  };
  return { vault, counted, reads: () => reads };
}

describe('createSaltSource', () => {
  it('reads a salt once per TTL and forgets it after', async () => {
    const { vault, counted, reads } = countingVault();
    await rotateSalts(vault, new Date('2025-12-17T00:05:00Z'));
    let now = new Date('2025-12-17T12:00:00Z').getTime();
    const salts = createSaltSource(counted, { ttlMs: 60_000, clock: () => new Date(now) });
    const salt = await salts.saltFor('2025-12-17');
    expect(salt).toBe(vault.salts.get('2025-12-17'));
    now += 59_000;
    await salts.saltFor('2025-12-17');
    expect(reads()).toBe(1);
    now += 2_000;
    await salts.saltFor('2025-12-17');
    expect(reads()).toBe(2);
  });

  it('refuses a day without a salt, naming the day and where it looked', async () => {
    const salts = createSaltSource(createMemorySaltVault());
    const failure = salts.saltFor('2025-12-17');
    await expect(failure).rejects.toBeInstanceOf(SaltUnavailableError);
    await expect(failure).rejects.toMatchObject({
      status: 503,
      reason: 'salt_unavailable',
      detail: 'no salt for 2025-12-17 in memory: is the salt rotation function running?',
    });
  });

  it('refuses a weak salt such as aaaaaaaaaaaaaaaa', async () => {
    const vault = createMemorySaltVault();
    await vault.createIfAbsent('2025-12-17', 'aaaaaaaaaaaaaaaa');
    await expect(createSaltSource(vault).saltFor('2025-12-17')).rejects.toMatchObject({
      detail: 'the salt of 2025-12-17 in memory is not 64 hex characters',
    });
  });

  it('turns a failing vault into SaltUnavailableError, keeping the cause for the log', async () => {
    const down = new Error('ThrottlingException: Rate exceeded');
    const failing: SaltVault = {
      ...createMemorySaltVault(),
      location: 'SSM Parameter Store /t/salts/',
      read: async () => {
        throw down;
      },
    };
    await expect(createSaltSource(failing).saltFor('2025-12-17')).rejects.toMatchObject({
      detail: 'the salt of 2025-12-17 could not be read from SSM Parameter Store /t/salts/',
      cause: down,
    });
  });

  it('with rotate, creates salts for the days asked for and destroys ended ones', async () => {
    const vault = createMemorySaltVault();
    const salts = createSaltSource(vault, { rotate: true });
    const monday = await salts.saltFor('2025-12-15');
    expect([...vault.salts.keys()].sort()).toEqual(['2025-12-15', '2025-12-16']);
    const tuesday = await salts.saltFor('2025-12-16');
    expect(tuesday).not.toBe(monday);
    expect([...vault.salts.keys()].sort()).toEqual(['2025-12-16', '2025-12-17']);
    expect([...vault.salts.values()]).not.toContain(monday);
  });
});
