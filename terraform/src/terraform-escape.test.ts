import { describe, expect, it } from 'vitest';
import { escapeTemplate } from './terraform-escape.js';

describe('escapeTemplate', () => {
  it.each([
    [`s3://b/analytics/year=\${year}/month=\${month}/`, `s3://b/analytics/year=$\${year}/month=$\${month}/`],
    ['%{if x}', '%%{if x}'],
    ['plain text', 'plain text'],
  ])('%s → %s', (input, expected) => {
    expect(escapeTemplate(input)).toBe(expected);
  });
});
