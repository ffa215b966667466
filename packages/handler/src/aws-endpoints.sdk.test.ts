/**
 * FIPS and dual-stack hosts, with a second implementation as the expectation: the pinned
 * `@aws-sdk/client-s3` and `@aws-sdk/client-ssm`, configured the same way, resolve their endpoint and
 * hand the request to a capturing request handler; the signed store and the SSM reader, given the
 * same settings through the environment Lambda reads, must send to the same host and path, or refuse
 * to start where the SDK refuses to send.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { HttpResponse } from '@smithy/core/protocols';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { UnsupportedEndpointError } from './aws-endpoints.js';
import { createSignedS3Store } from './signed-s3-store.js';
import { createSsmGetParameter } from './ssm-parameter.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const KEY = 'analytics/year=2025/month=12/day=17/e-1-abc.json';

interface Settings {
  region: string;
  fips: boolean;
  dualStack: boolean;
  /** A custom endpoint (`AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_SSM`). */
  endpoint?: string;
}

/** Where a request went, or that it was refused before it left. */
type Outcome = { host: string; path: string } | 'refused';

/** The environment Lambda would give the tracker for these settings. */
const envOf = (settings: Settings, endpointVariable: string): NodeJS.ProcessEnv => ({
  AWS_USE_FIPS_ENDPOINT: String(settings.fips),
  AWS_USE_DUALSTACK_ENDPOINT: String(settings.dualStack),
  ...(settings.endpoint ? { [endpointVariable]: settings.endpoint } : {}),
});

/** A request handler that records the request and answers 200, so nothing leaves the process. */
function capturing(seen: HttpRequest[], body = '') {
  return {
    handle: async (request: HttpRequest) => {
      seen.push(request);
      return { response: new HttpResponse({ statusCode: 200, headers: {}, body: Buffer.from(body) }) };
    },
  };
}

const outcomeOf = (request: HttpRequest | undefined): Outcome => {
  if (!request) throw new Error('nothing was sent');
  return { host: `${request.hostname}${request.port ? `:${request.port}` : ''}`, path: request.path };
};

async function s3ViaSdk(settings: Settings, bucket: string, forcePathStyle: boolean): Promise<Outcome> {
  const seen: HttpRequest[] = [];
  const client = new S3Client({
    region: settings.region,
    credentials,
    useFipsEndpoint: settings.fips,
    useDualstackEndpoint: settings.dualStack,
    forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    requestHandler: capturing(seen),
  });
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: '{}\n', IfNoneMatch: '*' }));
  } catch (error) {
    if (seen.length === 0) return 'refused';
    throw error;
  }
  return outcomeOf(seen[0]);
}

async function s3ViaSignedStore(
  settings: Settings,
  bucket: string,
  forcePathStyle: boolean,
): Promise<Outcome> {
  const sent: Outcome[] = [];
  let store: ReturnType<typeof createSignedS3Store>;
  try {
    store = createSignedS3Store({
      region: settings.region,
      credentials,
      forcePathStyle,
      env: envOf(settings, 'AWS_ENDPOINT_URL_S3'),
      send: async (target) => {
        sent.push({ host: target.host, path: target.path });
        return { ok: true };
      },
    });
  } catch (error) {
    if (error instanceof UnsupportedEndpointError) return 'refused';
    throw error;
  }
  await store.put({ bucket, key: KEY, body: '{}\n', contentType: 'application/json' });
  const [request] = sent;
  if (!request) throw new Error('the store sent nothing');
  return request;
}

async function ssmViaSdk(settings: Settings): Promise<Outcome> {
  const seen: HttpRequest[] = [];
  const client = new SSMClient({
    region: settings.region,
    credentials,
    useFipsEndpoint: settings.fips,
    useDualstackEndpoint: settings.dualStack,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    requestHandler: capturing(seen, '{"Parameter":{"Name":"/p","Value":"v"}}'),
  });
  try {
    await client.send(new GetParameterCommand({ Name: '/p', WithDecryption: true }));
  } catch (error) {
    if (seen.length === 0) return 'refused';
    throw error;
  }
  return outcomeOf(seen[0]);
}

async function ssmViaReader(settings: Settings): Promise<Outcome> {
  const sent: Outcome[] = [];
  let getParameter: ReturnType<typeof createSsmGetParameter>;
  try {
    getParameter = createSsmGetParameter({
      region: settings.region,
      credentials,
      env: envOf(settings, 'AWS_ENDPOINT_URL_SSM'),
      send: async (url) => {
        sent.push({ host: url.host, path: url.pathname });
        return { status: 200, type: undefined, body: '{"Parameter":{"Name":"/p","Value":"v"}}' };
      },
    });
  } catch (error) {
    if (error instanceof UnsupportedEndpointError) return 'refused';
    throw error;
  }
  await getParameter('/p');
  const [request] = sent;
  if (!request) throw new Error('the reader sent nothing');
  return request;
}

// aws (a region with a global endpoint history and one without), aws-cn, aws-us-gov, and an
// isolated partition; every combination of the two switches.
const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-gov-east-1',
  'us-iso-east-1',
];
const SWITCHES = [
  { fips: false, dualStack: false },
  { fips: true, dualStack: false },
  { fips: false, dualStack: true },
  { fips: true, dualStack: true },
];
const TABLE: Settings[] = REGIONS.flatMap((region) => SWITCHES.map((switches) => ({ region, ...switches })));
const label = (settings: Settings) =>
  `${settings.region}${settings.fips ? ' FIPS' : ''}${settings.dualStack ? ' dual-stack' : ''}${settings.endpoint ? ` endpoint ${settings.endpoint}` : ''}`;
// A custom endpoint with and without the switches: the SDK refuses it with either switch.
const WITH_ENDPOINT: Settings[] = SWITCHES.map((switches) => ({
  region: 'us-east-1',
  ...switches,
  endpoint: 'https://s3-fips.us-east-1.amazonaws.com',
}));

describe('S3 hosts: the signed store against @aws-sdk/client-s3', () => {
  // A DNS-compatible bucket (virtual-hosted), a dotted one (path-style over TLS), and forcePathStyle.
  const BUCKETS: [string, boolean][] = [
    ['app1-analytics-prod', false],
    ['analytics.example.com', false],
    ['app1-analytics-prod', true],
  ];
  it.each([...TABLE, ...WITH_ENDPOINT].map((settings) => [label(settings), settings] as const))(
    '%s',
    async (_label, settings) => {
      for (const [bucket, forcePathStyle] of BUCKETS) {
        const sdk = await s3ViaSdk(settings, bucket, forcePathStyle);
        expect(
          await s3ViaSignedStore(settings, bucket, forcePathStyle),
          `${bucket} ${forcePathStyle}`,
        ).toEqual(sdk);
      }
    },
  );

  it('the table is not vacuous: it holds FIPS, dual-stack and refused cases', async () => {
    const fips = await s3ViaSdk(
      { region: 'us-gov-west-1', fips: true, dualStack: true },
      'app1-analytics-prod',
      false,
    );
    expect(fips).toMatchObject({ host: 'app1-analytics-prod.s3-fips.dualstack.us-gov-west-1.amazonaws.com' });
    expect(
      await s3ViaSdk({ region: 'cn-north-1', fips: true, dualStack: false }, 'app1-analytics-prod', false),
    ).toBe('refused');
  });
});

describe('SSM hosts: the parameter reader against @aws-sdk/client-ssm', () => {
  it.each(
    [
      ...TABLE,
      ...WITH_ENDPOINT.map((settings) => ({
        ...settings,
        endpoint: 'https://ssm-fips.us-east-1.amazonaws.com',
      })),
    ].map((settings) => [label(settings), settings] as const),
  )('%s', async (_label, settings) => {
    expect(await ssmViaReader(settings)).toEqual(await ssmViaSdk(settings));
  });

  it('the table is not vacuous: FIPS and dual-stack change the host', async () => {
    expect(await ssmViaSdk({ region: 'eu-west-1', fips: true, dualStack: true })).toEqual({
      host: 'ssm-fips.eu-west-1.api.aws',
      path: '/',
    });
  });
});
