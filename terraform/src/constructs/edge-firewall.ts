import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl/index.js';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/** Methods the tracker never serves; CloudFront must still allow them (see `CloudFrontFrontDoor`). */
export const BLOCKED_METHODS = ['PUT', 'PATCH', 'DELETE'] as const;

/** What the web ACL protects. */
export interface EdgeFirewallProps {
  /** Web ACL name. */
  name: string;
  /** Requests one client IP may send in any 5-minute window. */
  rateLimit: number;
  /** A provider in us-east-1: web ACLs for CloudFront live there, whatever the stack's region. */
  provider?: TerraformProvider;
}

const visibility = (metricName: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName: metricName,
});

/**
 * The web ACL rules in AWS WAF's own JSON (the provider's `rule_json`; the CDKTF bindings cannot
 * express nested statements): a per-IP rate limit, and a block on methods the tracker never serves,
 * answered at the edge instead of by a billed Lambda invocation.
 *
 * @example
 * JSON.parse(edgeFirewallRules(2000))[0].Statement.RateBasedStatement.Limit; // 2000
 */
export function edgeFirewallRules(rateLimit: number): string {
  return JSON.stringify([
    {
      Name: 'rate-limit-per-ip',
      Priority: 0,
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: { Limit: rateLimit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 },
      },
      VisibilityConfig: visibility('rate-limit-per-ip'),
    },
    {
      Name: 'block-unused-methods',
      Priority: 1,
      Action: { Block: {} },
      Statement: {
        OrStatement: {
          Statements: BLOCKED_METHODS.map((method) => ({
            ByteMatchStatement: {
              FieldToMatch: { Method: {} },
              PositionalConstraint: 'EXACTLY',
              SearchString: method,
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          })),
        },
      },
      VisibilityConfig: visibility('block-unused-methods'),
    },
  ]);
}

/**
 * AWS WAF in front of the CloudFront distribution: a public URL where the caller picks the bucket
 * needs a cap per client, or one script can bill the account for every request it makes.
 *
 * @example
 * const firewall = new EdgeFirewall(stack, 'waf', { name: 'mycompany-analytics-api', rateLimit: 2000 });
 * firewall.webAcl.arn; // the distribution's web_acl_id
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: props.name,
      description: 'Analytics tracker: per-IP rate limit, unused methods blocked',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      ruleJson: edgeFirewallRules(props.rateLimit),
      visibilityConfig: {
        sampledRequestsEnabled: true,
        cloudwatchMetricsEnabled: true,
        metricName: props.name,
      },
      ...(props.provider === undefined ? {} : { provider: props.provider }),
    });
    this.webAcl.overrideLogicalId('tracker');
  }
}
