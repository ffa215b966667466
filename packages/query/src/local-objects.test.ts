import { describe, expect, it } from 'vitest';
import { pendingObjects } from './local-objects.js';

const raw = (day: string, name: string) => {
  const [year, month, dd] = day.split('-');
  return `/d/s3/b/analytics/year=${year}/month=${month}/day=${dd}/${name}._S3rver_object`;
};
const compacted = (day: string) => {
  const [year, month, dd] = day.split('-');
  return `/d/s3/b/compacted/year=${year}/month=${month}/day=${dd}/events.parquet`;
};

describe('pendingObjects', () => {
  it('keeps the raw days not compacted and the day before each (the look-back), across a month end', () => {
    const objects = {
      plain: [raw('2026-02-27', 'a.json'), raw('2026-02-28', 'b.json'), raw('2026-03-01', 'c.json')],
      gzip: [raw('2026-02-26', 'd.ndjson.gz'), raw('2026-02-28', 'e.ndjson.gz')],
    };
    // 26, 27 and 28 February are compacted; 1 March is not, so 28 February is still its look-back.
    const pending = pendingObjects(objects, ['2026-02-26', '2026-02-27', '2026-02-28'].map(compacted));
    expect(pending).toEqual({
      plain: [raw('2026-02-28', 'b.json'), raw('2026-03-01', 'c.json')],
      gzip: [raw('2026-02-28', 'e.ndjson.gz')],
    });
  });

  it('keeps everything while nothing is compacted', () => {
    const objects = { plain: [raw('2026-02-27', 'a.json')], gzip: [raw('2026-02-26', 'd.ndjson.gz')] };
    expect(pendingObjects(objects, [])).toEqual(objects);
  });
});
