import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { endpointVariant, refuseCustomEndpointWithVariant, ssmRegionalEndpoint } from './aws-endpoints.js';
import { lazyAwsSigner } from './aws-signer.js';
import { attemptTime, type Deadline, roomAfterPause } from './deadline.js';

/** Where and how `createSsmGetParameter` reaches SSM; every field has the AWS SDK's default. */
export interface SsmGetParameterOptions {
  /**
   * Default: `AWS_ENDPOINT_URL_SSM`, else `AWS_ENDPOINT_URL`, else SSM's endpoint of the region
   * (`https://ssm.<region>.amazonaws.com`, `.com.cn` in China; FIPS and dual-stack hosts as `env` asks).
   */
  endpoint?: string;
  /** The environment read for the endpoint and the FIPS / dual-stack switches (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Default: the SDK's region chain (`AWS_REGION`, then the shared config files). */
  region?: string;
  /** Default: the SDK's credential chain (`@aws-sdk/credential-provider-node`; in Lambda, the environment). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per read, as the SDK's standard retry mode (default 3): network errors, 5xx and throttling are retried. */
  maxAttempts?: number;
  /** Time allowed to one attempt, in ms (default 2,000). */
  timeoutMs?: number;
  /**
   * Sends one signed attempt. Default: an HTTP(S) POST to `url`; tests capture the request with it
   * where no server can answer for the host (SSM's own endpoints).
   */
  send?: (url: URL, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<SsmAnswer>;
}

/**
 * Reads one parameter, decrypted: its value, or `undefined` when there is no such parameter. With a
 * deadline, no attempt or pause runs past it.
 */
export type SsmGetParameter = (
  name: string,
  options?: { deadline?: Deadline | undefined },
) => Promise<string | undefined>;

/**
 * An error SSM answered (`name` is its type, e.g. `AccessDeniedException`), or a failed attempt
 * (`NetworkingError`), shaped like the SDK's errors so callers test `name` and `$metadata` alike.
 *
 * @example
 * await getParameter('/forbidden'); // rejects: SsmRequestError { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400, attempts: 1 } }
 */
export class SsmRequestError extends Error {
  override name: string;
  /** The HTTP status, as the SDK's errors carry it (`$metadata.httpStatusCode`); absent for network errors. */
  readonly $metadata: { httpStatusCode?: number; attempts: number };
  constructor(type: string, message: string, status: number | undefined, attempts: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = type;
    this.$metadata = { ...(status === undefined ? {} : { httpStatusCode: status }), attempts };
  }
}

const RETRYABLE_TYPES: readonly string[] = [
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalServerError',
];

const retryable = (error: SsmRequestError) => {
  const status = error.$metadata.httpStatusCode;
  return status === undefined || status >= 500 || status === 429 || RETRYABLE_TYPES.includes(error.name);
};

/** One SSM answer: its status, its error type header (`x-amzn-errortype`) and its body. */
export interface SsmAnswer {
  status: number;
  type: string | undefined;
  body: string;
}

function send(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SsmAnswer> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<SsmAnswer>((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const type = response.headers['x-amzn-errortype'];
        resolve({
          status: response.statusCode ?? 0,
          type: typeof type === 'string' ? type : undefined,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    // The whole attempt, not the socket's idleness: a slowly trickling answer is cut too.
    const timer = setTimeout(
      () => outgoing.destroy(new Error(`no answer from SSM within ${timeoutMs} ms`)),
      timeoutMs,
    );
    outgoing.on('close', () => clearTimeout(timer));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The error type of an SSM answer: `x-amzn-errortype` or `__type`, without its namespace or URL. */
function errorType(answer: SsmAnswer, parsed: { __type?: unknown; code?: unknown }): string {
  const raw = answer.type ?? (typeof parsed.__type === 'string' ? parsed.__type : undefined);
  const type = raw?.split(':')[0]?.split('#').at(-1);
  return type || `HTTP ${answer.status}`;
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SSM Parameter Store's `GetParameter` (decrypted), and nothing else: one signed JSON request made
 * with the AWS SDK's own parts (its SigV4 signer, credential chain and region chain), which the S3
 * client already loads. `@aws-sdk/client-ssm` would add every SSM operation's schema and error class
 * to the tracker's cold start (~80 KB of minified code compiled at init) to read one parameter.
 * Retries as the SDK's standard mode does (3 attempts, network errors, 5xx and throttling, backoff with
 * jitter); `ParameterNotFound` is `undefined`; any other answer is a `SsmRequestError` named as SSM named it.
 *
 * @example
 * const getParameter = createSsmGetParameter();
 * await getParameter('/mycompany/analytics-tracker/salts/2025-12-17'); // '9f86d081…' or undefined
 */
export function createSsmGetParameter(options: SsmGetParameterOptions = {}): SsmGetParameter {
  const maxAttempts = options.maxAttempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const signerFor = lazyAwsSigner({
    service: 'ssm',
    region: options.region,
    credentials: options.credentials,
    uriEscapePath: true,
  });
  // Found once, with the region. FIPS / dual-stack with a custom endpoint stops the start, as in the SDK.
  const env = options.env ?? process.env;
  const custom = options.endpoint ?? env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL;
  const variant = endpointVariant(env);
  if (custom !== undefined) refuseCustomEndpointWithVariant('SSM', variant);
  let endpoint: URL | undefined;
  const endpointFor = (region: string) => new URL(custom ?? ssmRegionalEndpoint(region, variant));

  async function attempt(name: string, attempts: number, attemptMs: number): Promise<string | undefined> {
    const { region, signer: sigv4 } = await signerFor();
    endpoint ??= endpointFor(region);
    const url = endpoint;
    const body = JSON.stringify({ Name: name, WithDecryption: true });
    const signed = await sigv4.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname || '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParameter',
      },
      body,
    });
    let answer: SsmAnswer;
    try {
      answer = await (options.send ?? send)(url, signed.headers, body, attemptMs);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new SsmRequestError('NetworkingError', message, undefined, attempts, cause);
    }
    const parsed = parse(answer.body);
    if (answer.status === 200) {
      const parameter = parsed.Parameter as { Value?: unknown } | undefined;
      return typeof parameter?.Value === 'string' ? parameter.Value : undefined;
    }
    const type = errorType(answer, parsed);
    if (type === 'ParameterNotFound') return undefined;
    const message = parsed.message ?? parsed.Message;
    throw new SsmRequestError(type, typeof message === 'string' ? message : type, answer.status, attempts);
  }

  return async (name, readOptions) => {
    const deadline = readOptions?.deadline;
    let lastError: unknown;
    for (let attempts = 1; ; attempts++) {
      // Each attempt gets its time, cut to the deadline; none starts with too little left.
      const attemptMs = attemptTime(timeoutMs, deadline);
      if (attemptMs === undefined) {
        throw (
          lastError ??
          new SsmRequestError(
            'TimeoutError',
            "no time left for an attempt before the invocation's deadline",
            undefined,
            0,
          )
        );
      }
      try {
        return await attempt(name, attempts, attemptMs);
      } catch (error) {
        if (!(error instanceof SsmRequestError) || !retryable(error) || attempts >= maxAttempts) throw error;
        lastError = error;
        const delayMs = Math.random() * 100 * 2 ** attempts;
        if (!roomAfterPause(delayMs, deadline)) throw error;
        await pause(delayMs);
      }
    }
  };
}
