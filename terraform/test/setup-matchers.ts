/**
 * CDKTF's own assertion helpers (`Testing.setupJest` targets Jest's global `expect`), registered on
 * Vitest's `expect` so construct tests read the same as CDKTF's documentation.
 */
import { testingMatchers } from 'cdktf';
import { afterAll, expect } from 'vitest';
import { removeTempDirs } from './fixtures.js';

/** A provider resource or data source class (they carry their Terraform type name). */
interface TerraformType {
  readonly tfResourceType: string;
}

type Properties = Record<string, unknown>;

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: an augmentation must repeat Vitest's own `T = any`.
  interface Matchers<T = any> {
    /** The synthesized stack has a resource of this type whose properties include these (camelCase or snake_case). */
    toHaveResourceWithProperties(type: TerraformType, properties: Properties): T;
    /** The synthesized stack has at least one resource of this type. */
    toHaveResource(type: TerraformType): T;
    /** The synthesized stack has a data source of this type whose properties include these. */
    toHaveDataSourceWithProperties(type: TerraformType, properties: Properties): T;
  }
}

interface Asymmetric {
  asymmetricMatch(value: unknown): boolean;
}

const isAsymmetric = (value: unknown): value is Asymmetric =>
  typeof value === 'object' && value !== null && 'asymmetricMatch' in value;

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * CDKTF's rule (objects match partially, arrays exactly, keys in camelCase or snake_case) plus
 * Vitest's asymmetric matchers such as `expect.arrayContaining`.
 */
function matches(expected: unknown, received: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(received);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(received) &&
      expected.length === received.length &&
      expected.every((item, index) => matches(item, received[index]))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof received !== 'object' || received === null) return false;
    const fields = received as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => {
      const actual = key in fields ? fields[key] : fields[snakeCase(key)];
      return actual !== undefined && matches(value, actual);
    });
  }
  return Object.is(expected, received);
}

const anyItemMatches = (items: unknown, properties: Properties) =>
  Object.values(items ?? {}).some((item) => matches(properties, item));

const toResult = (assertion: testingMatchers.AssertionReturn) => ({
  pass: assertion.pass,
  message: () => assertion.message,
});

expect.extend({
  toHaveResourceWithProperties(received: string, type: TerraformType, properties: Properties) {
    return toResult(
      testingMatchers.getToHaveResourceWithProperties(anyItemMatches)(received, type, properties),
    );
  },
  toHaveResource(received: string, type: TerraformType) {
    return toResult(testingMatchers.getToHaveResourceWithProperties()(received, type, {}));
  },
  toHaveDataSourceWithProperties(received: string, type: TerraformType, properties: Properties) {
    return toResult(
      testingMatchers.getToHaveDataSourceWithProperties(anyItemMatches)(received, type, properties),
    );
  },
});

afterAll(removeTempDirs);
