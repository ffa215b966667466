import { describe, expect, it } from 'vitest';
import { BatchRequestSchema, EventFieldsSchema, MetadataSchema, TrackRequestSchema } from './event.js';
import { LIMITS } from './limits.js';

const valid = {
  bucket: 'app1-analytics-prod',
  eventType: 'page_view',
  timestamp: '2025-12-17T12:00:00.000Z',
};

describe('TrackRequestSchema', () => {
  it("accepts the seed README's body", () => {
    const body = {
      ...valid,
      page: '/articles/my-post',
      userAgent: 'Mozilla/5.0...',
      viewport: { width: 1920, height: 1080 },
      sessionId: 'abc123',
      referrer: 'https://google.com',
      fromWebsite: 'LinkedIn',
      metadata: { plan: 'pro' },
    };
    expect(TrackRequestSchema.parse(body)).toEqual(body);
  });

  it('stores every accepted timestamp form as one ISO UTC string', () => {
    expect(TrackRequestSchema.parse({ ...valid, timestamp: '2025-12-17T13:00:00+01:00' }).timestamp).toBe(
      '2025-12-17T12:00:00.000Z',
    );
  });

  it('drops unknown keys, so a client cannot set server fields', () => {
    const parsed = TrackRequestSchema.parse({ ...valid, ip: '1.2.3.4', serverTimestamp: 'x' });
    expect(parsed).toEqual(valid);
  });

  it.each([
    ['timestamp with offset', { timestamp: '2025-12-17T13:00:00+01:00' }, true],
    [
      'timestamp without zone (the original stored it; read as UTC)',
      { timestamp: '2025-12-17T12:00:00' },
      true,
    ],
    ['date only (the original stored it)', { timestamp: '2025-12-17' }, true],
    ['epoch milliseconds (the original stored it)', { timestamp: 1765972800000 }, true],
    ['a word as timestamp', { timestamp: 'yesterday' }, false],
    ['empty eventType', { eventType: '' }, false],
    ['long eventType', { eventType: 'x'.repeat(LIMITS.maxEventTypeLength + 1) }, false],
    ['uuid eventId', { eventId: '0b7e7b0a-3c1e-4c53-9d1a-2f3a4b5c6d7e' }, true],
    ['seed-shaped eventId', { eventId: '1702742400-a1b2c3d4' }, true],
    ['eventId with a slash', { eventId: 'abc/defghij' }, false],
    ['short eventId', { eventId: 'abc' }, false],
    ['null optional fields', { page: null, referrer: null, metadata: null }, true],
    ['negative viewport', { viewport: { width: -1, height: 1 } }, false],
    ['fractional viewport', { viewport: { width: 1.5, height: 1 } }, false],
    ['uppercase bucket', { bucket: 'App1' }, false],
    ['IP-shaped bucket', { bucket: '192.168.1.1' }, false],
  ])('%s → valid: %s', (_name, patch, ok) => {
    expect(TrackRequestSchema.safeParse({ ...valid, ...patch }).success).toBe(ok);
  });
});

describe('MetadataSchema', () => {
  it('accepts a plain object and keeps __proto__ as data', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"plan":"pro"}');
    expect(MetadataSchema.parse(value)).toBe(value);
    expect(Object.keys(MetadataSchema.parse(value))).toEqual(['__proto__', 'plan']);
  });

  it.each([[[1, 2]], ['text'], [new Date()]])('refuses %j', (value) => {
    expect(MetadataSchema.safeParse(value).success).toBe(false);
  });

  it('bounds depth and size', () => {
    expect(MetadataSchema.safeParse({ a: { b: { c: { d: { e: 1 } } } } }).success).toBe(true);
    expect(MetadataSchema.safeParse({ a: { b: { c: { d: { e: { f: 1 } } } } } }).success).toBe(false);
    expect(MetadataSchema.safeParse({ a: 'x'.repeat(LIMITS.maxMetadataBytes) }).success).toBe(false);
  });
});

describe('BatchRequestSchema', () => {
  it('checks the envelope only; events are validated one by one elsewhere', () => {
    expect(BatchRequestSchema.safeParse({ bucket: 'app1-analytics-prod', events: [1, 'x'] }).success).toBe(
      true,
    );
    expect(BatchRequestSchema.safeParse({ bucket: 'app1-analytics-prod', events: [] }).success).toBe(false);
    const tooMany = Array.from({ length: LIMITS.maxEventsPerBatch + 1 }, () => ({}));
    expect(BatchRequestSchema.safeParse({ bucket: 'app1-analytics-prod', events: tooMany }).success).toBe(
      false,
    );
  });

  it('shares its event fields with single events', () => {
    expect(EventFieldsSchema.safeParse({ eventType: 'a', timestamp: '2025-12-17T12:00:00Z' }).success).toBe(
      true,
    );
  });
});
