// Compiled by test/package.test.ts after the build: the published ESM declarations, as an app sees them.
import type { EventFields } from '@analytics-tracker/types';
import { expectTypeOf } from 'vitest';
import { createTracker, type TrackerEvent } from '../../dist/index.js';

expectTypeOf<TrackerEvent>().toEqualTypeOf<EventFields>();
const tracker = createTracker<{ signup: { plan: 'pro' } }>({
  endpoint: 'https://t.example',
  bucket: 'app-analytics',
});
tracker.track('signup', { plan: 'pro' });
// @ts-expect-error: not a declared event
tracker.track('nope');
