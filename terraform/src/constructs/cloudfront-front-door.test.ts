import { ENRICHERS } from '@analytics-tracker/handler';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { CloudfrontOriginRequestPolicy } from '@cdktf/provider-aws/lib/cloudfront-origin-request-policy/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { testConfig, tfRef } from '../../test/fixtures.js';
import { InvalidInfraConfigError } from '../errors.js';
import { CloudFrontFrontDoor, FORWARDED_HEADERS } from './cloudfront-front-door.js';

const SECRET_REF = tfRef('var.origin_verify_secret');
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0b4b1a0e-0000-4000-8000-000000000000';

function synthFrontDoor(cloudfront: { domainName?: string; certificateArn?: string } = {}): string {
  return Testing.synthScope((scope) => {
    new CloudFrontFrontDoor(scope, 'cdn', {
      config: testConfig({ cloudfront: { enabled: true, ...cloudfront } }),
      functionUrl: 'https://abc123.lambda-url.us-east-1.on.aws/',
      originVerifySecret: SECRET_REF,
    });
  });
}

describe('CloudFrontFrontDoor', () => {
  it('forwards the viewer country, city, region and address headers to the function', () => {
    expect(synthFrontDoor()).toHaveResourceWithProperties(CloudfrontOriginRequestPolicy, {
      headers_config: {
        header_behavior: 'whitelist',
        headers: {
          items: expect.arrayContaining([
            'CloudFront-Viewer-Country',
            'CloudFront-Viewer-City',
            'CloudFront-Viewer-Country-Region',
            'CloudFront-Viewer-Address',
          ]),
        },
      },
    });
  });

  it("forwards tRPC's batch query string and no other", () => {
    expect(synthFrontDoor()).toHaveResourceWithProperties(CloudfrontOriginRequestPolicy, {
      query_strings_config: { query_string_behavior: 'whitelist', query_strings: { items: ['batch'] } },
    });
  });

  it('never forwards Host, which a Function URL would reject', () => {
    const json = synthFrontDoor();
    expect(json).not.toMatch(/"Host"/);
  });

  it('signs origin requests with the secret header and sends no caching', () => {
    expect(synthFrontDoor()).toHaveResourceWithProperties(CloudfrontDistribution, {
      origin: [
        {
          domain_name: tfRef('element(split("/", "https://abc123.lambda-url.us-east-1.on.aws/"), 2)'),
          custom_header: [{ name: 'x-origin-verify', value: SECRET_REF }],
          custom_origin_config: { origin_protocol_policy: 'https-only' },
        },
      ],
      default_cache_behavior: {
        cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        viewer_protocol_policy: 'https-only',
      },
      viewer_certificate: { cloudfront_default_certificate: true },
    });
  });

  it('serves a custom domain with its ACM certificate', () => {
    expect(
      synthFrontDoor({ domainName: 'analytics.example.com', certificateArn: CERT }),
    ).toHaveResourceWithProperties(CloudfrontDistribution, {
      aliases: ['analytics.example.com'],
      viewer_certificate: { acm_certificate_arn: CERT, ssl_support_method: 'sni-only' },
    });
  });

  it('refuses a custom domain without a certificate', () => {
    expect(() => synthFrontDoor({ domainName: 'analytics.example.com' })).toThrow(InvalidInfraConfigError);
  });
});

describe('the forwarded headers', () => {
  it('are every header an enricher of the handler declares it reads, so none is starved behind CloudFront', () => {
    const forwarded = FORWARDED_HEADERS.map((name) => name.toLowerCase());
    const declared = ENRICHERS.flatMap((enricher) => enricher.reads).map((name) => name.toLowerCase());
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((name) => !forwarded.includes(name))).toEqual([]);
    expect(forwarded).not.toContain('host');
  });
});
