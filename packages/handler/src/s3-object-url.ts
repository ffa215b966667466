import { isIP } from 'node:net';
import {
  type EndpointVariant,
  refuseCustomEndpointWithVariant,
  s3RegionalEndpoint,
} from './aws-endpoints.js';

/** How a bucket is reached: S3's own endpoint for the region, or a given one (local S3, a proxy). */
export interface S3Addressing {
  region: string;
  /** A custom endpoint (`AWS_ENDPOINT_URL_S3`, s3rver); absent: S3's endpoint of the region (`s3RegionalEndpoint`). */
  endpoint?: string | undefined;
  /** FIPS and dual-stack endpoints (`endpointVariant(env)`); neither can be combined with `endpoint`. */
  variant?: EndpointVariant | undefined;
  /** `/<bucket>/<key>` on the endpoint's host instead of `<bucket>.<host>/<key>`. */
  forcePathStyle?: boolean | undefined;
}

/**
 * One segment of an S3 key as it goes in the URL: the SDK's `extendedEncodeURIComponent`, which also
 * escapes `!'()*` (encodeURIComponent keeps them). S3 signs the path as sent, so it is encoded once.
 */
const encodeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A bucket name that can be a DNS label of the host: lower case, 3-63 characters, no IP address. */
const DNS_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const DNS_BUCKET_WITH_DOTS = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Whether the bucket can be a subdomain, as the SDK's endpoint rules decide: a name with dots only over
 * plain http, since over TLS `a.b.s3.amazonaws.com` does not match S3's wildcard certificate.
 */
function virtualHostable(bucket: string, tls: boolean): boolean {
  if (isIP(bucket) !== 0) return false;
  if (DNS_BUCKET.test(bucket)) return true;
  return !tls && DNS_BUCKET_WITH_DOTS.test(bucket) && !bucket.includes('..');
}

const isIpHost = (hostname: string) => isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;

/** Where one object is written: the host to connect to and sign, and the path as sent (already encoded). */
export interface S3ObjectTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** `host[:port]`, the `Host` header that is signed. */
  host: string;
  path: string;
}

/**
 * The address of an object, as `@aws-sdk/client-s3` builds it: virtual-hosted
 * (`https://<bucket>.s3.<region>.amazonaws.com/<key>`, `.com.cn` in China; `s3-fips.`, `s3.dualstack.`
 * hosts when the variant asks) unless `forcePathStyle`, the
 * endpoint is an IP address, or the bucket cannot be a host name (dots over TLS); then path-style
 * (`/<bucket>/<key>`). Each key segment is URI-encoded once. The path is not put through `URL`, which
 * would resolve `..` segments and so write another key than the one asked.
 *
 * @example
 * s3ObjectTarget('app1-analytics', 'analytics/a b.json', { region: 'eu-west-3' });
 * // { protocol: 'https:', hostname: 'app1-analytics.s3.eu-west-3.amazonaws.com', path: '/analytics/a%20b.json', … }
 */
export function s3ObjectTarget(bucket: string, key: string, addressing: S3Addressing): S3ObjectTarget {
  const path = key.split('/').map(encodeSegment).join('/');
  const variant = addressing.variant ?? { fips: false, dualStack: false };
  if (addressing.endpoint !== undefined) refuseCustomEndpointWithVariant('S3', variant);
  const base = new URL(addressing.endpoint ?? s3RegionalEndpoint(addressing.region, variant));
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new Error(`S3 endpoint must be http or https: ${base.protocol}`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const port = base.port ? { port: Number(base.port) } : {};
  const pathStyle =
    addressing.forcePathStyle === true ||
    isIpHost(base.hostname) ||
    !virtualHostable(bucket, base.protocol === 'https:');
  if (pathStyle)
    return {
      protocol: base.protocol,
      hostname: base.hostname,
      ...port,
      host: base.host,
      path: `${prefix}/${bucket}/${path}`,
    };
  return {
    protocol: base.protocol,
    hostname: `${bucket}.${base.hostname}`,
    ...port,
    host: `${bucket}.${base.host}`,
    path: `${prefix}/${path}`,
  };
}
