/**
 * A failed `PutObject`, shaped like `@aws-sdk/client-s3`'s errors so the service maps it the same way
 * whichever store threw it: `name` is S3's error `<Code>` (`AccessDenied`, `NoSuchBucket`,
 * `PreconditionFailed`, `SlowDown`, …), or a name for the status when S3 (or a proxy) sent no body;
 * `TimeoutError` or `NetworkingError` when no answer came. `$metadata` carries the HTTP status and the
 * attempts made, as the SDK's do.
 *
 * @example
 * await store.put(object); // rejects: S3RequestError { name: 'AccessDenied', $metadata: { httpStatusCode: 403, attempts: 1 } }
 */
export class S3RequestError extends Error {
  override name: string;
  readonly $metadata: {
    httpStatusCode?: number;
    requestId?: string;
    attempts: number;
    totalRetryDelay: number;
  };
  /**
   * The region S3 says the bucket is in (`x-amz-bucket-region`, or the `<Region>` of an
   * `AuthorizationHeaderMalformed`): logged when a bucket is in another region than the tracker.
   */
  bucketRegion?: string;
  /** S3's time when it answered (`<ServerTime>`, else the `Date` header): the SDK corrects its clock from it. */
  serverTime?: string;
  constructor(
    name: string,
    message: string,
    metadata: { httpStatusCode?: number; requestId?: string },
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    this.$metadata = { ...metadata, attempts: 1, totalRetryDelay: 0 };
  }
}

/** Names of bodiless error answers (a HEAD-less PUT answered by a proxy, or an empty body). */
const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of one element of S3's flat `<Error>` document (no nesting there, so no XML parser). */
function element(
  xml: string,
  name: 'Code' | 'Message' | 'RequestId' | 'Region' | 'ServerTime',
): string | undefined {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return undefined;
  const start = open + name.length + 2;
  const end = xml.indexOf(`</${name}>`, start);
  if (end < 0) return undefined;
  return xml
    .slice(start, end)
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => XML_ENTITIES[entity] ?? '');
}

/** The headers of an S3 answer that an error keeps. */
export interface S3AnswerHeaders {
  /** `x-amz-request-id`. */
  requestId?: string | undefined;
  /** `Date`: S3's clock. */
  date?: string | undefined;
  /** `x-amz-bucket-region`: where the bucket is. */
  bucketRegion?: string | undefined;
}

/**
 * The error of a non-2xx answer to a PUT: S3's `<Error><Code>…</Code><Message>…</Message></Error>`
 * body, or, without one, a name for the status (so a bodiless 403 still reads as denied by status);
 * with the bucket's region and S3's time when the answer gives them.
 *
 * @example
 * s3AnswerError(412, '<Error><Code>PreconditionFailed</Code>…</Error>', {}).name; // 'PreconditionFailed'
 * s3AnswerError(301, '<Error><Code>PermanentRedirect</Code>…</Error>', { bucketRegion: 'eu-west-1' }).bucketRegion; // 'eu-west-1'
 */
export function s3AnswerError(status: number, body: string, headers: S3AnswerHeaders): S3RequestError {
  const code = element(body, 'Code');
  const name = code || STATUS_NAMES[status] || `HTTP ${status}`;
  const message = element(body, 'Message') || `S3 answered ${status} ${name}`;
  const id = headers.requestId ?? element(body, 'RequestId');
  const error = new S3RequestError(name, message, {
    httpStatusCode: status,
    ...(id ? { requestId: id } : {}),
  });
  const region = headers.bucketRegion || element(body, 'Region');
  if (region) error.bucketRegion = region;
  const serverTime = element(body, 'ServerTime') || headers.date;
  if (serverTime) error.serverTime = serverTime;
  return error;
}
