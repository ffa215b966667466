import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { compiledObject } from './compiled-object.js';
import { EventFieldsSchema, TrackRequestSchema } from './event.js';

// The second implementation is Zod's own walking parser (`z.object` of `zod/mini`) over the same
// shape: the compiled parser must accept, output and refuse exactly as it does.
const walking = z.object(EventFieldsSchema._zod.def.shape);

const outcome = (result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) =>
  result.success ? { data: result.data } : { issues: result.error?.issues };

const field = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\ud83c',
    'page_view',
    '2025-12-17T12:00:00.000Z',
    '2025-02-30T00:00:00Z',
    'evt_ABC-123_xyz',
    'a/b',
  ),
  fc.integer(),
  fc.constantFrom(1765972800000, 0, Number.NaN, null, undefined, true),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
);
const event = fc.record(
  {
    eventType: field,
    timestamp: field,
    eventId: field,
    page: field,
    userAgent: field,
    viewport: fc.oneof(field, fc.record({ width: field, height: field }, { requiredKeys: [] })),
    sessionId: field,
    userId: field,
    referrer: field,
    fromWebsite: field,
    metadata: field,
    ip: field,
    serverTimestamp: field,
    __proto__: field,
  },
  { requiredKeys: [] },
);

describe('compiledObject', () => {
  it('parses events exactly as z.object does: same output, same issues', () => {
    fc.assert(
      fc.property(fc.oneof(event, fc.anything()), (input) => {
        expect(outcome(EventFieldsSchema.safeParse(input))).toEqual(outcome(walking.safeParse(input)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('drops unknown keys, so a client never sets a server field', () => {
    const parsed = EventFieldsSchema.parse({
      eventType: 'page_view',
      timestamp: '2025-12-17T12:00:00Z',
      ip: '1.2.3.4',
      serverTimestamp: 'x',
    });
    expect(parsed).toEqual({ eventType: 'page_view', timestamp: '2025-12-17T12:00:00.000Z' });
  });

  it('is still a zod/mini object: extend, shape and instanceof work', () => {
    expect(EventFieldsSchema).toBeInstanceOf(z.ZodMiniObject);
    expect(Object.keys(EventFieldsSchema.shape)).toContain('eventType');
    const point = compiledObject({ x: z.number() });
    expect(z.extend(point, { y: z.number() }).parse({ x: 1, y: 2, z: 3 })).toEqual({ x: 1, y: 2 });
    expect(TrackRequestSchema.safeParse({ eventType: 'a', timestamp: 1765972800000 }).success).toBe(false);
  });
});
