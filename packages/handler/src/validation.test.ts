import { EventFieldsSchema, TIMESTAMP_ERROR, TrackRequestSchema } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { parseOrThrow, toIssues } from './validation.js';

const valid = { eventType: 'page_view', timestamp: '2025-12-17T12:00:00Z' };

function issuesOf(input: Record<string, unknown>) {
  const result = EventFieldsSchema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return toIssues(result.error, input);
}

describe('toIssues', () => {
  it.each([
    [{ eventType: 5 }, 'eventType', 'expected string, received number'],
    [{ eventType: null }, 'eventType', 'expected string, received null'],
    [{ eventType: '' }, 'eventType', 'must not be empty'],
    [{ eventType: 'x'.repeat(129) }, 'eventType', 'must be at most 128 characters'],
    [{ page: 'p'.repeat(2049) }, 'page', 'must be at most 2048 characters'],
    [{ viewport: { width: -1, height: 1 } }, 'viewport.width', 'must be at least 0'],
    [{ viewport: { width: 1.5, height: 1 } }, 'viewport.width', 'must be an integer'],
    [{ timestamp: 'tomorrow' }, 'timestamp', TIMESTAMP_ERROR],
    [{ timestamp: true }, 'timestamp', TIMESTAMP_ERROR],
    [{ timestamp: undefined }, 'timestamp', 'Required'],
  ])('%j → %s: %s', (patch, path, message) => {
    expect(issuesOf({ ...valid, ...patch })).toContainEqual({ path, message });
  });
});

describe('parseOrThrow', () => {
  it('names the first missing top-level field, as the seed did for bucket', () => {
    expect(() =>
      parseOrThrow(TrackRequestSchema, { bucket: 'app1-analytics-prod', timestamp: valid.timestamp }),
    ).toThrow(expect.objectContaining({ error: 'Missing required field: eventType', status: 400 }));
  });

  it('summarizes several problems in the message and lists them all', () => {
    expect(() => parseOrThrow(EventFieldsSchema, { eventType: 5, timestamp: 'x' })).toThrow(
      expect.objectContaining({
        error: 'Invalid event',
        message: 'eventType: expected string, received number (and 1 more)',
        issues: [
          { path: 'eventType', message: 'expected string, received number' },
          { path: 'timestamp', message: TIMESTAMP_ERROR },
        ],
      }),
    );
  });
});
