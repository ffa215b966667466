import { gunzipSync } from 'node:zlib';
import { functionUrlEvent, recordingStore, seedBody } from '@analytics-tracker/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config, memorySalts } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import { silentObserver } from './observability.js';

/**
 * The oracle, independent of the code under test: `encodeURIComponent` throws a URIError exactly
 * when a string holds a lone UTF-16 surrogate (ECMA-262, Encode: "If cp.[[IsUnpairedSurrogate]] is
 * true, throw a URIError").
 */
const isMalformed = (text: string): boolean => {
  try {
    encodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
};

/** Arbitrary UTF-16 code units, with surrogate halves (paired or not) drawn often. */
const codeUnit = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
);
const text = fc
  .array(codeUnit, { minLength: 1, maxLength: 12 })
  .map((units) => String.fromCharCode(...units));

type Field =
  | 'eventType'
  | 'page'
  | 'sessionId'
  | 'userId'
  | 'referrer'
  | 'fromWebsite'
  | 'userAgent'
  | 'metadata value'
  | 'metadata key'
  | 'user-agent header';
const FIELDS: Field[] = [
  'eventType',
  'page',
  'sessionId',
  'userId',
  'referrer',
  'fromWebsite',
  'userAgent',
  'metadata value',
  'metadata key',
  'user-agent header',
];

/** The event with `value` in `field`, the headers of the request, the issue path a refusal must name. */
function placed(field: Field, value: string) {
  const headers: Record<string, string> = { origin: 'https://app1.example.com', 'user-agent': 'Mozilla/5.0' };
  const event: Record<string, unknown> = { ...seedBody, eventId: 'wellformed-0001' };
  delete event.userAgent;
  let path: string = field;
  if (field === 'metadata value') {
    event.metadata = { note: value };
    path = 'metadata.note';
  } else if (field === 'metadata key') {
    event.metadata = { [value]: 1 };
    path = `metadata.${value}`;
  } else if (field === 'user-agent header') {
    headers['user-agent'] = value;
    path = 'headers.user-agent';
  } else {
    event[field] = value;
  }
  return { event, headers, path };
}

/** What the stored row must hold for `field` when `value` was accepted. */
function storedValue(row: Record<string, unknown>, field: Field): unknown {
  if (field === 'metadata value') return (JSON.parse(String(row.metadata)) as { note: unknown }).note;
  if (field === 'metadata key') return Object.keys(JSON.parse(String(row.metadata)) as object)[0];
  if (field === 'user-agent header') return row.userAgent;
  return row[field];
}

const route = fc.constantFrom('single', 'batch', 'trpc');

/** Header values a fetch `Request` accepts (Fetch standard: no NUL, CR, LF; bytes only). */
const FETCH_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

describe('well-formed text only: any string of UTF-16 code units, in any field, over any route', () => {
  it('is refused with a 400 naming the field when it holds a lone surrogate, and stored unchanged otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(...FIELDS), route, async (value, field, via) => {
        const store = recordingStore();
        // `userAgent: 'full'` keeps every user agent whole, so the text can be compared as stored
        // (the default, `parsed`, keeps only a crawler's string: see user-agent.ts).
        const handler = createHandler({
          config: { ...config, userAgent: 'full' },
          salts: memorySalts(),
          store,
          observer: silentObserver,
        });
        const { event, headers, path } = placed(field, value);
        const bucket = 'app1-analytics-prod';
        const request =
          via === 'batch'
            ? functionUrlEvent({ bucket, events: [{ ...event, bucket: undefined }] }, { headers })
            : via === 'trpc'
              ? functionUrlEvent(event, { headers, path: '/trpc/track' })
              : functionUrlEvent(event, { headers });
        const result = await handler(request);
        const body = JSON.parse(result.body) as Record<string, unknown>;
        if (isMalformed(value)) {
          expect(result.statusCode).toBe(400);
          expect(store.objects).toEqual([]);
          // Headers are checked at the HTTP edge, before routing: the REST error body on every route.
          const inTrpcShape = via === 'trpc' && !path.startsWith('headers');
          const issues = (
            inTrpcShape ? (body.error as { data: { issues: unknown } }).data.issues : body.issues
          ) as { path: string }[];
          const expected = via === 'batch' && !path.startsWith('headers') ? `events.0.${path}` : path;
          expect(issues.map((issue) => issue.path)).toContain(expected);
          return;
        }
        if (via === 'trpc' && field === 'user-agent header' && !FETCH_HEADER_VALUE.test(value)) {
          // tRPC runs on a fetch Request, which refuses such header values outright (a 400 already).
          expect(result.statusCode).toBe(400);
          return;
        }
        expect(result.statusCode).toBe(200);
        const [object] = store.objects;
        const line =
          typeof object?.body === 'string'
            ? object.body
            : gunzipSync(object?.body ?? new Uint8Array()).toString();
        // What S3 receives is UTF-8: decoding it gives the same text back, so the row is valid JSON text.
        expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
        expect(storedValue(JSON.parse(line) as Record<string, unknown>, field)).toBe(value);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
