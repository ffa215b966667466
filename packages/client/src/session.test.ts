import { describe, expect, it } from 'vitest';
import { sessionId } from './session.js';

/** sessionStorage's contract over a Map: Node has no Web Storage (the browser suite uses the real one). */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const raw = new Map<string, string>();
  return { getItem: (key) => raw.get(key) ?? null, setItem: (key, value) => void raw.set(key, value) };
}

const MINUTE = 60_000;

describe('sessionId', () => {
  it('keeps one id while the visitor is active, even past 30 minutes in total', () => {
    const storage = memoryStorage();
    const first = sessionId(storage, 0);
    expect(sessionId(storage, 20 * MINUTE)).toBe(first);
    expect(sessionId(storage, 40 * MINUTE)).toBe(first);
  });

  it('starts a new session after 30 minutes without events', () => {
    const storage = memoryStorage();
    const first = sessionId(storage, 0);
    const second = sessionId(storage, 30 * MINUTE);
    expect(second).not.toBe(first);
    expect(sessionId(storage, 31 * MINUTE)).toBe(second);
  });

  it('keeps separate sessions per storage (per tab, like sessionStorage)', () => {
    expect(sessionId(memoryStorage(), 0)).not.toBe(sessionId(memoryStorage(), 0));
  });
});
