/** One statement of a SQL file, with the name of the `-- name: <name>` comment above it, if any. */
export interface SqlStatement {
  /** From the nearest `-- name: daily_page_views` comment before the statement. */
  name?: string;
  /** The statement text without its trailing `;`. */
  sql: string;
}

const NAME_COMMENT = /^--\s*name:\s*([A-Za-z0-9_.-]+)\s*$/;

interface Piece {
  sql: string;
  /** Set when a name comment opened inside this piece, before any of its code. */
  name?: string;
  hasCode: boolean;
}

/**
 * Splits a SQL file into statements at `;` outside strings, quoted identifiers and comments, and
 * attaches each statement to the `-- name: …` comment above it. Athena runs one statement per
 * request, so both engines get the same pieces.
 *
 * @example
 * splitSql("-- name: a\nSELECT 1;\nSELECT ';';"); // [{ name: 'a', sql: '-- name: a\nSELECT 1' }, { name: 'a', sql: "SELECT ';'" }]
 */
export function splitSql(text: string): SqlStatement[] {
  const pieces: Piece[] = [];
  let piece: Piece = { sql: '', hasCode: false };
  let name: string | undefined;
  let i = 0;
  const flush = (): void => {
    if (piece.hasCode) pieces.push(piece);
    piece = { sql: '', hasCode: false };
  };
  while (i < text.length) {
    const char = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (char === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i, end === -1 ? text.length : end);
      const named = NAME_COMMENT.exec(comment.trim());
      if (named?.[1]) {
        // A name comment closes what came before it, even without a `;`.
        if (piece.hasCode) flush();
        name = named[1];
        piece = { sql: '', hasCode: false, name };
      }
      piece.sql += comment;
      i += comment.length;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      piece.sql += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      // Quotes are escaped by doubling them in both Trino and DuckDB, which this loop handles naturally.
      const end = text.indexOf(char, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      piece.sql += text.slice(i, stop);
      piece.hasCode = true;
      i = stop;
      continue;
    }
    if (char === ';') {
      if (piece.hasCode && piece.name === undefined && name !== undefined) piece.name = name;
      flush();
      i += 1;
      continue;
    }
    if (!/\s/.test(char)) {
      if (!piece.hasCode && piece.name === undefined && name !== undefined) piece.name = name;
      piece.hasCode = true;
    }
    piece.sql += char;
    i += 1;
  }
  flush();
  return pieces.map((p) =>
    p.name === undefined ? { sql: p.sql.trim() } : { name: p.name, sql: p.sql.trim() },
  );
}

/**
 * The names of a SQL file's queries, in file order, without repeats.
 *
 * @example
 * queryNames(splitSql(text)); // ['daily_page_views', 'device_breakdown', ...]
 */
export function queryNames(statements: readonly SqlStatement[]): string[] {
  return [...new Set(statements.flatMap((statement) => (statement.name ? [statement.name] : [])))];
}
