import { storedRowColumns } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { hiveToDuckDbType } from './hive-types.js';

describe('hiveToDuckDbType', () => {
  it.each([
    ['string', 'VARCHAR'],
    ['int', 'INTEGER'],
    ['boolean', 'BOOLEAN'],
    ['struct<width:int,height:int>', 'STRUCT("width" INTEGER, "height" INTEGER)'],
    ['array<struct<a:string>>', 'STRUCT("a" VARCHAR)[]'],
  ])('%s → %s', (hive, duck) => {
    expect(hiveToDuckDbType(hive)).toBe(duck);
  });

  it('translates every stored-row column', () => {
    for (const column of storedRowColumns()) expect(() => hiveToDuckDbType(column.type)).not.toThrow();
  });

  it('rejects what it does not know, naming the type', () => {
    expect(() => hiveToDuckDbType('map<string,int>')).toThrow('Unsupported Hive type "map<string,int>"');
    expect(() => hiveToDuckDbType('struct<a:int')).toThrow('Unsupported Hive type');
  });
});
