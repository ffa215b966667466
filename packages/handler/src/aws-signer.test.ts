/**
 * The environment-first credential chain keeps the SDK's precedence (AWS SDKs and Tools reference,
 * "credential provider chain"): environment keys first, unless `AWS_PROFILE` names a profile, which then
 * wins; without keys, the shared credentials file. The expected keys are the ones each test wrote.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { envFirstCredentialChain } from './aws-signer.js';

const dir = mkdtempSync(join(tmpdir(), 'credential-chain-'));
const credentialsFile = join(dir, 'credentials');
writeFileSync(
  credentialsFile,
  '[default]\naws_access_key_id = AKIDDEFAULTPROFILE01\naws_secret_access_key = default-secret\n' +
    '[named]\naws_access_key_id = AKIDNAMEDPROFILE0001\naws_secret_access_key = named-secret\n',
);
const configFile = join(dir, 'config');
writeFileSync(configFile, '');

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The process environment the SDK's chain reads, set for one test: files here, nothing else. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const all: Record<string, string | undefined> = {
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: configFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...env,
  };
  for (const [name, value] of Object.entries(all)) vi.stubEnv(name, value);
  return process.env;
}

describe('envFirstCredentialChain', () => {
  it('returns the environment keys and session token as they are', async () => {
    const env = environment({
      AWS_ACCESS_KEY_ID: 'ASIAENVIRONMENT00001',
      AWS_SECRET_ACCESS_KEY: 'environment-secret',
      AWS_SESSION_TOKEN: 'environment-token',
    });

    expect(await envFirstCredentialChain(env)()).toEqual({
      accessKeyId: 'ASIAENVIRONMENT00001',
      secretAccessKey: 'environment-secret',
      sessionToken: 'environment-token',
    });
  });

  it('without environment keys, reads the shared credentials file through the SDK chain', async () => {
    const env = environment({});

    expect(await envFirstCredentialChain(env)()).toMatchObject({
      accessKeyId: 'AKIDDEFAULTPROFILE01',
      secretAccessKey: 'default-secret',
    });
  });

  it('with AWS_PROFILE set, the named profile wins over environment keys, as in the SDK', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // the SDK warns about the two sources
    const env = environment({
      AWS_PROFILE: 'named',
      AWS_ACCESS_KEY_ID: 'ASIAENVIRONMENT00001',
      AWS_SECRET_ACCESS_KEY: 'environment-secret',
    });

    expect(await envFirstCredentialChain(env)()).toMatchObject({
      accessKeyId: 'AKIDNAMEDPROFILE0001',
      secretAccessKey: 'named-secret',
    });
  });
});
