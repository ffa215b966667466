// Compiled by test/package.test.ts after the build: the published CommonJS declarations.
import type { EventFields } from '@analytics-tracker/types';
import type { TrackerEvent } from '../../dist/index.cjs';

import clientModule = require('../../dist/index.cjs');

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same: Equal<TrackerEvent, EventFields> = true;
const tracker = clientModule.createTracker({ endpoint: 'https://t.example', bucket: 'app-analytics' });

export { same, tracker };
