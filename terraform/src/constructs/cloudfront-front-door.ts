import { requestHeadersRead } from '@analytics-tracker/handler';
import { deploymentNames, type TrackerConfig } from '@analytics-tracker/schema';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { CloudfrontOriginRequestPolicy } from '@cdktf/provider-aws/lib/cloudfront-origin-request-policy/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { InvalidInfraConfigError } from '../errors.js';

/** The header CloudFront adds to every origin request; the handler refuses requests without it. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** AWS managed cache policy "CachingDisabled": every POST reaches the function. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/**
 * Viewer headers forwarded to the function: exactly those the handler reads, as its enrichers declare
 * them (CloudFront's geo headers, so `location` is filled; the viewer address, since the function
 * otherwise sees CloudFront's IP; the user agent; what CORS and parsing need), plus the CORS preflight
 * headers the Function URL answers. `Host` must not be forwarded: a Function URL only answers its own
 * host name.
 */
export const FORWARDED_HEADERS: readonly string[] = [
  ...requestHeadersRead(),
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
];

/** What the distribution fronts. */
export interface CloudFrontFrontDoorProps {
  config: TrackerConfig;
  /** The Function URL, `https://<id>.lambda-url.<region>.on.aws/`. */
  functionUrl: string;
  /** Reference to the sensitive `origin_verify_secret` variable. */
  originVerifySecret: string;
  /** ARN of the WAF web ACL to attach. */
  webAclArn: string;
}

/**
 * CloudFront accepts exactly three method sets (GET+HEAD, +OPTIONS, or all seven), so POST needs all
 * seven here: PUT, PATCH and DELETE are refused by the web ACL's `block-unused-methods` rule at the
 * edge instead (see `EdgeFirewall`), and by the handler with a 405 should one ever get through.
 */
export const CLOUDFRONT_ALLOWED_METHODS = [
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
] as const;

/**
 * Optional CloudFront distribution in front of the Function URL (`cloudfront.enabled`): forwards the
 * viewer's country, city and region, serves an optional custom domain, runs the WAF web ACL (rate
 * limit per IP), and signs every origin request with a secret header so the Function URL refuses
 * traffic that bypasses CloudFront (a 403 from the handler, within the reserved concurrency cap).
 *
 * @example
 * const cdn = new CloudFrontFrontDoor(stack, 'cdn', { config, functionUrl, originVerifySecret });
 * cdn.endpoint; // https://analytics.example.com/ or https://dxxxx.cloudfront.net/
 */
export class CloudFrontFrontDoor extends Construct {
  readonly distribution: CloudfrontDistribution;
  /** Base URL viewers call (ends with `/`). */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: CloudFrontFrontDoorProps) {
    super(scope, id);
    const { config } = props;
    const { domainName, certificateArn } = config.cloudfront;
    if (domainName !== undefined && certificateArn === undefined) {
      throw new InvalidInfraConfigError(
        'cloudfront.domainName needs cloudfront.certificateArn (an ACM certificate in us-east-1 covering that name)',
      );
    }

    const originRequestPolicy = new CloudfrontOriginRequestPolicy(this, 'origin-request-policy', {
      name: deploymentNames(config).viewerHeadersPolicy,
      comment: 'Forwards viewer geo and address headers to the analytics tracker',
      headersConfig: { headerBehavior: 'whitelist', headers: { items: [...FORWARDED_HEADERS] } },
      cookiesConfig: { cookieBehavior: 'none' },
      // tRPC's batch link sends `?batch=1`; nothing else in a query string reaches the function.
      queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: { items: ['batch'] } },
    });
    originRequestPolicy.overrideLogicalId('tracker');

    // https://<id>.lambda-url.<region>.on.aws/ → <id>.lambda-url.<region>.on.aws
    const originDomain = Fn.element(Fn.split('/', props.functionUrl), 2);
    const originId = 'tracker-function-url';
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${deploymentNames(config).apiScope}: analytics tracker`,
      webAclId: props.webAclArn,
      priceClass: 'PriceClass_100',
      httpVersion: 'http2and3',
      ...(domainName === undefined ? {} : { aliases: [domainName] }),
      origin: [
        {
          originId,
          domainName: originDomain,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
          },
          customHeader: [{ name: ORIGIN_VERIFY_HEADER, value: props.originVerifySecret }],
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'https-only',
        allowedMethods: [...CLOUDFRONT_ALLOWED_METHODS],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: originRequestPolicy.id,
        compress: true,
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate:
        certificateArn === undefined
          ? { cloudfrontDefaultCertificate: true }
          : {
              acmCertificateArn: certificateArn,
              sslSupportMethod: 'sni-only',
              minimumProtocolVersion: 'TLSv1.2_2021',
            },
    });
    this.distribution.overrideLogicalId('tracker');
    this.endpoint = `https://${domainName ?? this.distribution.domainName}/`;
  }
}
