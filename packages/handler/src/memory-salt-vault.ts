import { isSaltDay, type SaltVault } from './salt-vault.js';

/**
 * A salt vault in this process's memory: for tests and benchmarks, where a file or SSM would only add
 * noise. It behaves as the others do (create-if-absent, remove, list days).
 *
 * @example
 * const salts = createSaltSource(createMemorySaltVault(), { rotate: true, clock });
 */
export function createMemorySaltVault(): SaltVault & { readonly salts: ReadonlyMap<string, string> } {
  const salts = new Map<string, string>();
  return {
    location: 'memory',
    salts,
    async days() {
      return [...salts.keys()].filter(isSaltDay);
    },
    async read(day) {
      return salts.get(day);
    },
    async createIfAbsent(day, salt) {
      if (salts.has(day)) return false;
      salts.set(day, salt);
      return true;
    },
    async remove(day) {
      salts.delete(day);
    },
  };
}
