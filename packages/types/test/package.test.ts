import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { expect, it } from 'vitest';

it('is publint clean, suggestions included', async () => {
  const pkgDir = new URL('..', import.meta.url).pathname;
  const { messages, pkg } = await publint({ pkgDir, level: 'suggestion', strict: true });
  expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
});
