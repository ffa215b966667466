import * as z from 'zod/mini';

const text = z.nullable(z.string());
const int = z.nullable(z.int());

/**
 * One stored event: a line of an `analytics/year=…/month=…/day=…/<id>.json` or `.ndjson.gz` object.
 * Every key is always present (null when unknown), so the Glue/Athena columns generated from this
 * schema never change with the input. `metadata` is the client's object JSON-encoded as a string:
 * one column for any key, read with `json_extract_scalar(metadata, '$.plan')`.
 *
 * @example
 * const row: StoredRow = StoredRowSchema.parse(JSON.parse(line));
 */
export const StoredRowSchema = z.object({
  eventId: z.string(),
  eventType: z.string(),
  timestamp: z.string(),
  serverTimestamp: z.string(),
  page: text,
  sessionId: text,
  ip: text,
  visitorId: text,
  location: z.object({ country: text, city: text, region: text }),
  device: z.object({
    // null when the request had no User-Agent (a backend, curl): nothing is known of the device.
    device_type: z.nullable(z.enum(['mobile', 'tablet', 'desktop'])),
    browser: text,
    browser_version: text,
    os: text,
    is_bot: z.boolean(),
  }),
  viewport: z.object({ width: int, height: int }),
  referrer: text,
  referrerDomain: text,
  utm: z.object({ source: text, medium: text, campaign: text, term: text, content: text }),
  userAgent: text,
  fromWebsite: text,
  userId: text,
  metadata: text,
});

/** One stored event (see `StoredRowSchema`). */
export type StoredRow = z.output<typeof StoredRowSchema>;
/** The device part of a stored row. */
export type DeviceInfo = StoredRow['device'];
/** The location part of a stored row (from CloudFront viewer headers). */
export type LocationInfo = StoredRow['location'];
/** The UTM part of a stored row (from the page's query string). */
export type UtmInfo = StoredRow['utm'];
