import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSsmParameterReader,
  resolveSecretParameters,
  secretStrengthProblem,
} from './secret-parameters.js';
import { createSsmGetParameter } from './ssm-parameter.js';

// `openssl rand -hex 32`, run once for this test.
const STRONG = '5d0c6f3c1f9a4be2a8e07f4c2b91d6e3f0a7c5b8e1d24f6a9c3b7e0d5f8a1c42';
const parameters: Record<string, string> = {
  '/tracker/origin-verify-secret': STRONG,
  '/tracker/weak': 'changeme-changeme',
};
const requests: { target: string | undefined; body: unknown }[] = [];

/** An endpoint speaking SSM's JSON protocol (X-Amz-Target AmazonSSM.GetParameter), as the SDK sends it. */
const ssm = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  request.on('end', () => {
    const body = JSON.parse(text) as { Name: string; WithDecryption?: boolean };
    requests.push({ target: request.headers['x-amz-target'] as string | undefined, body });
    const value = parameters[body.Name];
    response.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify(
        value === undefined
          ? { __type: 'ParameterNotFound', message: `Parameter ${body.Name} not found.` }
          : { Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } },
      ),
    );
  });
});

let reader: ReturnType<typeof createSsmParameterReader>;
beforeAll(async () => {
  ssm.listen(0, '127.0.0.1');
  await once(ssm, 'listening');
  const { port } = ssm.address() as AddressInfo;
  reader = createSsmParameterReader(
    createSsmGetParameter({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    }),
  );
});
afterAll(() => {
  ssm.close();
});

describe('secrets named by SSM parameter', () => {
  it('reads ORIGIN_VERIFY_PARAMETER once, decrypted, into ORIGIN_VERIFY_SECRET', async () => {
    const env = await resolveSecretParameters(
      { ORIGIN_VERIFY_PARAMETER: '/tracker/origin-verify-secret', ALLOWED_BUCKETS: 'a-analytics' },
      reader,
    );
    expect(env).toEqual({ ORIGIN_VERIFY_SECRET: STRONG, ALLOWED_BUCKETS: 'a-analytics' });
    expect(requests.at(-1)).toEqual({
      target: 'AmazonSSM.GetParameter',
      body: { Name: '/tracker/origin-verify-secret', WithDecryption: true },
    });
  });

  it('refuses to start on a weak secret or a missing parameter, naming the parameter', async () => {
    await expect(
      resolveSecretParameters({ ORIGIN_VERIFY_PARAMETER: '/tracker/weak' }, reader),
    ).rejects.toThrow(
      /ORIGIN_VERIFY_PARAMETER: the secret in \/tracker\/weak has about \d+ bits of entropy; at least 96/,
    );
    await expect(
      resolveSecretParameters({ ORIGIN_VERIFY_PARAMETER: '/tracker/gone' }, reader),
    ).rejects.toThrow('ORIGIN_VERIFY_PARAMETER: cannot read SSM parameter /tracker/gone');
  });

  it('leaves an environment without parameters as it is, reading nothing', async () => {
    const before = requests.length;
    expect(await resolveSecretParameters({ ORIGIN_VERIFY_SECRET: STRONG }, reader)).toEqual({
      ORIGIN_VERIFY_SECRET: STRONG,
    });
    expect(requests).toHaveLength(before);
  });
});

describe('secretStrengthProblem', () => {
  it.each([
    ['a repeated character', 'a'.repeat(64)],
    ['a word repeated', 'changeme-changeme'],
    ['16 characters of two symbols', '0101010101010101'],
  ])('refuses %s', (_what, secret) => {
    expect(secretStrengthProblem(secret)).toMatch(/bits of entropy/);
  });

  it('accepts what `openssl rand -hex 32` and `-base64 24` print', () => {
    expect(secretStrengthProblem(STRONG)).toBeUndefined();
    expect(secretStrengthProblem('q3Jt9vXk2LmP8wRz5YbN1cHd7FgS4aUe')).toBeUndefined();
  });
});
