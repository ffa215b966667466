/**
 * Translates the Hive column types of the Glue/Athena table (`string`, `int`, `struct<a:string,...>`)
 * into DuckDB types, so the local views have exactly the table's columns without a second schema.
 */

interface Cursor {
  text: string;
  at: number;
}

const SCALARS: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

function fail(cursor: Cursor, expected: string): never {
  throw new Error(`Unsupported Hive type "${cursor.text}": expected ${expected} at position ${cursor.at}`);
}

function expect(cursor: Cursor, char: string): void {
  if (cursor.text[cursor.at] !== char) fail(cursor, `"${char}"`);
  cursor.at += 1;
}

function word(cursor: Cursor): string {
  const start = cursor.at;
  while (cursor.at < cursor.text.length && /[A-Za-z0-9_]/.test(cursor.text[cursor.at] ?? '')) cursor.at += 1;
  if (cursor.at === start) fail(cursor, 'a name');
  return cursor.text.slice(start, cursor.at);
}

function parseType(cursor: Cursor): string {
  const name = word(cursor).toLowerCase();
  if (name === 'struct') {
    expect(cursor, '<');
    const fields: string[] = [];
    for (;;) {
      const field = word(cursor);
      expect(cursor, ':');
      fields.push(`"${field}" ${parseType(cursor)}`);
      if (cursor.text[cursor.at] === '>') break;
      expect(cursor, ',');
    }
    expect(cursor, '>');
    return `STRUCT(${fields.join(', ')})`;
  }
  if (name === 'array') {
    expect(cursor, '<');
    const element = parseType(cursor);
    expect(cursor, '>');
    return `${element}[]`;
  }
  const scalar = SCALARS[name];
  if (!scalar) fail(cursor, 'a known Hive type');
  return scalar;
}

/**
 * The DuckDB type for a Hive type string.
 *
 * @example
 * hiveToDuckDbType('struct<width:int,height:int>'); // 'STRUCT("width" INTEGER, "height" INTEGER)'
 */
export function hiveToDuckDbType(hiveType: string): string {
  const cursor = { text: hiveType.replace(/\s+/g, ''), at: 0 };
  const type = parseType(cursor);
  if (cursor.at !== cursor.text.length) fail(cursor, 'the end of the type');
  return type;
}
