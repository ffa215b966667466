/**
 * The SSM vault against moto (an independent implementation of the SSM API, shipped with the machine
 * image as `moto_server`), through the real AWS SDK client: what is sent and how AWS's errors
 * (`ParameterAlreadyExists`, `ParameterNotFound`) and pagination come back.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaltUnavailableError } from './errors.js';
import { createSaltSource } from './salt-source.js';
import { isSalt, rotateSalts } from './salt-vault.js';
import { createSsmSaltReader } from './ssm-salt-reader.js';
import { createSsmSaltVault } from './ssm-salt-vault.js';

const run = promisify(execFile);
const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
const title = (what: string) => (motoAvailable ? what : `${what} (skipped: moto_server is not installed)`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let moto: ChildProcess | undefined;
let client: SSMClient;
let endpoint = '';
let counter = 0;
/** A fresh path per test, so tests never see each other's salts. */
const freshPath = () => `/test${++counter}/analytics-tracker/salts`;

beforeAll(async () => {
  if (!motoAvailable) return;
  const port = await freePort();
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  endpoint = `http://127.0.0.1:${port}`;
  // moto imports for seconds, more on a busy machine: wait for it, and say so if it never answers.
  const deadline = Date.now() + 80_000;
  for (;;) {
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${endpoint} within 80 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  client = new SSMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}, 90_000);

afterAll(() => {
  moto?.kill();
});

describe.skipIf(!motoAvailable)('createSsmSaltVault over the SSM API', { timeout: 120_000 }, () => {
  it(
    title('rotation stores today and tomorrow as SecureStrings of 64 hex, and never replaces one'),
    async () => {
      const path = freshPath();
      const vault = createSsmSaltVault({ path, client });
      const first = await rotateSalts(vault, new Date('2025-12-17T00:05:00Z'));
      expect(first.created).toEqual(['2025-12-17', '2025-12-18']);
      const stored = await client.send(
        new GetParameterCommand({ Name: `${path}/2025-12-17`, WithDecryption: true }),
      );
      expect(stored.Parameter?.Type).toBe('SecureString');
      expect(isSalt(stored.Parameter?.Value ?? '')).toBe(true);
      expect(await vault.read('2025-12-17')).toBe(stored.Parameter?.Value);

      const again = await rotateSalts(vault, new Date('2025-12-17T01:05:00Z'));
      expect(again.created).toEqual([]);
      expect(await vault.read('2025-12-17')).toBe(stored.Parameter?.Value);
    },
  );

  it(title('destroys every ended day, across pages of results, and leaves other names alone'), async () => {
    const path = freshPath();
    const vault = createSsmSaltVault({ path, client });
    for (let day = 1; day <= 14; day++) {
      await vault.createIfAbsent(`2025-11-${String(day).padStart(2, '0')}`, 'ab'.repeat(32));
    }
    await client.send(
      new PutParameterCommand({ Name: `${path}/README`, Value: 'not a salt', Type: 'String' }),
    );
    const result = await rotateSalts(vault, new Date('2025-12-17T00:05:00Z'));
    expect(result.deleted).toHaveLength(14);
    expect((await vault.days()).sort()).toEqual(['2025-12-17', '2025-12-18']);
    expect(await vault.read('2025-11-14')).toBeUndefined();
    const other = await client.send(new GetParameterCommand({ Name: `${path}/README` }));
    expect(other.Parameter?.Value).toBe('not a salt');
  });

  it(
    title('the rotation Lambda entry rotates the path it is given, and logs days, never a salt'),
    async () => {
      const path = freshPath();
      const script = `import(${JSON.stringify(fileURLToPath(new URL('./rotate-salts-lambda.ts', import.meta.url)))}).then((m) => m.handler())`;
      const before = new Date().toISOString().slice(0, 10);
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--conditions=@analytics-tracker/source', '-e', script],
        {
          env: {
            PATH: process.env.PATH ?? '',
            SALT_PARAMETER_PATH: path,
            AWS_ENDPOINT_URL_SSM: endpoint,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
        },
      );
      const logged = JSON.parse(stdout.trim());
      const today: string = logged.today;
      // The child's clock decides the day: before or after this test's own reading of it.
      expect([before, new Date().toISOString().slice(0, 10)]).toContain(today);
      expect(logged).toMatchObject({ message: 'salts rotated', deleted: [] });
      expect(logged.created).toHaveLength(2);
      const salts = createSsmSaltVault({ path, client });
      const salt = (await salts.read(today)) ?? 'missing';
      expect(isSalt(salt)).toBe(true);
      expect(stdout).not.toContain(salt);
    },
  );

  it(
    title("the tracker's reader (one signed GetParameter, no SSM client) reads the salts rotation wrote"),
    async () => {
      const path = freshPath();
      await rotateSalts(createSsmSaltVault({ path, client }), new Date('2025-12-17T00:05:00Z'));
      const written = await client.send(
        new GetParameterCommand({ Name: `${path}/2025-12-17`, WithDecryption: true }),
      );
      const reader = createSsmSaltReader({
        path: `${path}/`,
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      expect(isSalt(written.Parameter?.Value ?? '')).toBe(true);
      expect(await reader.read('2025-12-17')).toBe(written.Parameter?.Value);
      expect(await reader.read('2025-12-16')).toBeUndefined();
      const salts = createSaltSource(reader);
      expect(await salts.saltFor('2025-12-18')).toMatch(/^[0-9a-f]{64}$/);
      await expect(salts.saltFor('2025-12-16')).rejects.toMatchObject({
        detail: `no salt for 2025-12-16 in SSM Parameter Store ${path}/: is the salt rotation function running?`,
      });
      await expect(reader.remove('2025-12-17')).rejects.toThrow(/only reads salts/);
    },
  );

  it(title('a day without a salt is refused by the salt source, naming the SSM path'), async () => {
    const path = freshPath();
    const salts = createSaltSource(createSsmSaltVault({ path, client }));
    const failure = salts.saltFor('2025-12-17');
    await expect(failure).rejects.toBeInstanceOf(SaltUnavailableError);
    await expect(failure).rejects.toMatchObject({
      detail: `no salt for 2025-12-17 in SSM Parameter Store ${path}/: is the salt rotation function running?`,
    });
  });
});
