import { EVENT_ID_PATTERN } from '@analytics-tracker/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventId } from './event-id.js';

describe('eventId', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is a UUID the batch route accepts as an idempotency key', () => {
    const id = eventId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toMatch(EVENT_ID_PATTERN);
  });

  it('falls back to getRandomValues where randomUUID is missing (plain-http pages)', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Pick<
      Crypto,
      'getRandomValues'
    >;
    vi.stubGlobal('crypto', insecure);
    const ids = new Set(Array.from({ length: 1000 }, () => eventId()));
    expect(ids.size).toBe(1000);
    // Four random 32-bit numbers: 128 bits, as many as a UUID's 122 and more.
    for (const id of ids) expect(id).toMatch(/^\d{1,10}(-\d{1,10}){3}$/);
    for (const id of ids) expect(id).toMatch(EVENT_ID_PATTERN);
  });
});
