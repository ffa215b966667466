import { describe, expect, it } from 'vitest';
import { queryNames, splitSql } from './sql-file.js';

describe('splitSql', () => {
  it('splits at semicolons outside strings, quoted identifiers and comments', () => {
    const text = `SELECT 'a;b' AS "x;y"; -- a comment; still a comment
/* block; comment */ SELECT 2;;`;
    expect(splitSql(text).map((statement) => statement.sql)).toEqual([
      `SELECT 'a;b' AS "x;y"`,
      '-- a comment; still a comment\n/* block; comment */ SELECT 2',
    ]);
  });

  it('names each statement after the `-- name:` comment above it', () => {
    const text = `-- header, no statement
-- name: first
-- What it does.
SELECT 1;

-- name: second
SELECT 'it''s';
SELECT 3`;
    expect(splitSql(text)).toEqual([
      { name: 'first', sql: '-- name: first\n-- What it does.\nSELECT 1' },
      { name: 'second', sql: "-- name: second\nSELECT 'it''s'" },
      { name: 'second', sql: 'SELECT 3' },
    ]);
    expect(queryNames(splitSql(text))).toEqual(['first', 'second']);
  });

  it('drops pieces that hold only comments', () => {
    expect(splitSql('-- nothing here;\n')).toEqual([]);
  });
});
