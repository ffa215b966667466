# Plan of test/plan/every-option.config.ts (environment "staging" in eu-west-1, CloudFront + WAF,
# KMS, versioning, created and adopted buckets, alarm email), checked as a platform team would.
# Expected values come from AWS's documentation and from that config as written, never from synth.

mock_provider "aws" {
  override_during = plan
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:acme-analytics-api-staging-alarms" }
  }
}

mock_provider "aws" {
  alias           = "us_east_1"
  override_during = plan
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acme-analytics-api-staging/0000" }
  }
}

# What the original tracker left behind, as `import` reads it (mocked providers cannot import): under
# its own names (its README: `/aws/lambda/<functionPrefix>-analytics-tracker`, `<glueDatabase>`), which
# never carried an environment. Only `legacy` had a table; `web` and `mobile` are new apps. These
# overrides are the whole of what exists: an import of anything else fails this plan ("Cannot import
# resources from mock providers"), as it would fail the apply. test/terraform-plan.test.ts also reads
# the imported addresses from the plan itself.
override_resource {
  target = aws_s3_bucket.app_legacy
  values = { bucket = "acme-legacy-analytics", arn = "arn:aws:s3:::acme-legacy-analytics" }
}
override_resource {
  target = aws_cloudwatch_log_group.tracker
  values = { name = "/aws/lambda/acme-analytics-tracker", retention_in_days = 0 }
}
override_resource {
  target = aws_glue_catalog_database.analytics
  values = { name = "acme_analytics" }
}
override_resource {
  target = aws_glue_catalog_table.legacy_events
  values = { name = "legacy_events", database_name = "acme_analytics" }
}

variables {
  origin_verify_secret = "fedcba9876543210fedcba9876543210"
}

# One plan, every assertion: each `run` block is a full plan, so groups are comments here.
run "every_option_config" {
  command = plan

  # ── the environment scopes every name ──
  assert {
    condition     = aws_lambda_function.tracker.function_name == "acme-analytics-tracker-staging"
    error_message = "function ${aws_lambda_function.tracker.function_name} is not scoped to staging"
  }
  assert {
    condition     = aws_iam_role.tracker.name == "acme-analytics-tracker-staging-role"
    error_message = "role ${aws_iam_role.tracker.name} is not scoped to staging"
  }
  assert {
    condition     = aws_athena_workgroup.analytics.name == "acme-analytics-api-staging-workgroup"
    error_message = "workgroup ${aws_athena_workgroup.analytics.name} is not scoped to staging"
  }
  assert {
    condition     = aws_s3_bucket.athena_results.bucket == "acme-staging-athena-results-123456789012-eu-west-1"
    error_message = "results bucket ${aws_s3_bucket.athena_results.bucket} is not scoped to staging, the account and the region"
  }
  assert {
    condition     = aws_cloudformation_stack.url_invoke_permission.name == "acme-analytics-api-staging-url-invoke-permission"
    error_message = "stack ${aws_cloudformation_stack.url_invoke_permission.name} is not scoped to staging"
  }
  assert {
    condition     = aws_lambda_function.tracker.environment[0].variables.METRICS_NAMESPACE == "AnalyticsTracker/staging"
    error_message = "staging's metrics would mix with prod's"
  }
  assert {
    condition     = can(regex("^[a-zA-Z][-a-zA-Z0-9]{0,127}$", aws_cloudformation_stack.url_invoke_permission.name))
    error_message = "CloudFormation refuses the stack name"
  }
  assert {
    condition = alltrue([
      for name in [aws_lambda_function.tracker.function_name, aws_iam_role.tracker.name] : length(name) <= 64
    ])
    error_message = "Lambda function and IAM role names are at most 64 characters"
  }
  assert {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", aws_s3_bucket.athena_results.bucket))
    error_message = "S3 refuses the results bucket name"
  }
  # CloudFront policy and WAF web ACL names: letters, digits, hyphens and underscores, at most 128.
  assert {
    condition = alltrue([
      for name in [aws_cloudfront_origin_request_policy.tracker.name, aws_wafv2_web_acl.tracker.name] :
      can(regex("^[a-zA-Z0-9_-]{1,128}$", name))
    ])
    error_message = "CloudFront or WAF refuses a name"
  }

  # ── adopted resources keep the original tracker's names ──
  # An import of a name the original never had fails at apply ("cannot import non-existent remote
  # object"); a rename of a log group or Glue database would replace it. The original's names carry no
  # environment: `/aws/lambda/<functionPrefix>-analytics-tracker` and `<glueDatabase>`.
  assert {
    condition     = aws_cloudwatch_log_group.tracker.name == "/aws/lambda/acme-analytics-tracker"
    error_message = "adopted log group ${aws_cloudwatch_log_group.tracker.name} is not the original's"
  }
  assert {
    condition     = aws_lambda_function.tracker.logging_config[0].log_group == "/aws/lambda/acme-analytics-tracker"
    error_message = "the function does not log to the adopted log group"
  }
  assert {
    condition     = aws_glue_catalog_database.analytics.name == "acme_analytics"
    error_message = "adopted Glue database ${aws_glue_catalog_database.analytics.name} is not the original's"
  }
  # Every app's table, adopted or new, lives in that database.
  assert {
    condition = alltrue([
      for table in [aws_glue_catalog_table.web_events, aws_glue_catalog_table.legacy_events, aws_glue_catalog_table.mobile_events] :
      table.database_name == "acme_analytics"
    ])
    error_message = "a table is not in the adopted database"
  }

  # ── cors is the union of every allowed origin ──
  assert {
    condition = toset(aws_lambda_function_url.tracker.cors[0].allow_origins) == toset([
      "https://www.example.com", "https://shop.example.com", "https://legacy.example.com",
    ])
    error_message = "Function URL allow_origins ${jsonencode(aws_lambda_function_url.tracker.cors[0].allow_origins)} is not corsOrigin plus every app's origins"
  }
  assert {
    condition     = toset(split(",", aws_lambda_function.tracker.environment[0].variables.CORS_ORIGINS)) == toset(aws_lambda_function_url.tracker.cors[0].allow_origins)
    error_message = "the handler and the Function URL disagree on CORS origins"
  }
  assert {
    condition     = toset(aws_lambda_function_url.tracker.cors[0].allow_methods) == toset(["POST"])
    error_message = "browsers only need POST"
  }

  # ── buckets are protected and encrypted ──
  # The original kept event buckets (RETAIN) behind a deny-delete policy.
  assert {
    condition = alltrue([
      for policy in [aws_s3_bucket_policy.app_web.policy, aws_s3_bucket_policy.app_legacy.policy] :
      anytrue([
        for statement in jsondecode(policy).Statement :
        statement.Effect == "Deny" && statement.Action == "s3:DeleteBucket" && statement.Principal == "*"
      ])
    ])
    error_message = "an event bucket can be deleted"
  }
  assert {
    condition = alltrue([
      for policy in [aws_s3_bucket_policy.app_web.policy, aws_s3_bucket_policy.app_legacy.policy] :
      anytrue([
        for statement in jsondecode(policy).Statement :
        statement.Effect == "Deny" && try(statement.Condition.Bool["aws:SecureTransport"], "") == "false"
      ])
    ])
    error_message = "an event bucket accepts requests without TLS"
  }
  assert {
    condition     = aws_s3_bucket.app_web.force_destroy == false && aws_s3_bucket.app_legacy.force_destroy == false
    error_message = "terraform destroy could delete events"
  }
  # Versioned buckets expire noncurrent versions, or every overwrite is billed forever.
  assert {
    condition     = aws_s3_bucket_versioning.app_web.versioning_configuration[0].status == "Enabled"
    error_message = "versioning is not on"
  }
  assert {
    condition = alltrue([
      for lifecycle in [aws_s3_bucket_lifecycle_configuration.app_web, aws_s3_bucket_lifecycle_configuration.app_legacy] :
      anytrue([for rule in lifecycle.rule : rule.status == "Enabled" && length(rule.noncurrent_version_expiration) > 0])
    ])
    error_message = "a versioned bucket keeps old versions forever"
  }
  # A rule that deletes versions acts on the tracker's own `analytics/` only: teams keep other data in
  # adopted buckets. An S3 rule without a filter, or with prefix "", applies to every object.
  assert {
    condition = alltrue(flatten([
      for lifecycle in [aws_s3_bucket_lifecycle_configuration.app_web, aws_s3_bucket_lifecycle_configuration.app_legacy] : [
        for rule in lifecycle.rule : [for filter in rule.filter : filter.prefix == "analytics/"]
        if length(rule.noncurrent_version_expiration) > 0 || length(rule.expiration) > 0
      ]
    ]))
    error_message = "an event bucket's lifecycle rule deletes versions outside analytics/ (its filter prefix is not \"analytics/\")"
  }
  assert {
    condition = alltrue([
      for lifecycle in [aws_s3_bucket_lifecycle_configuration.app_web, aws_s3_bucket_lifecycle_configuration.app_legacy] :
      alltrue([
        for rule in lifecycle.rule : length(rule.filter) == 1
        if length(rule.noncurrent_version_expiration) > 0 || length(rule.expiration) > 0
      ])
    ])
    error_message = "an event bucket has a deleting lifecycle rule without a filter (it would apply bucket-wide)"
  }
  # The adopted bucket keeps its own key; the function may use both keys, only through S3 here.
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.app_legacy.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "the adopted bucket lost its own KMS key"
  }
  assert {
    condition = (
      toset(flatten([jsondecode(aws_iam_role_policy.tracker_kms.policy).Statement[0].Resource])) == toset([
        "arn:aws:kms:eu-west-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
      ]) &&
      jsondecode(aws_iam_role_policy.tracker_kms.policy).Statement[0].Action == "kms:GenerateDataKey" &&
      jsondecode(aws_iam_role_policy.tracker_kms.policy).Statement[0].Condition.StringEquals["kms:ViaService"] == "s3.eu-west-1.amazonaws.com"
    )
    error_message = "the function cannot encrypt with every bucket's key (PutObject would get AccessDenied)"
  }
  # Results are encrypted the way the workgroup says, with the same key.
  assert {
    condition = (
      aws_athena_workgroup.analytics.configuration[0].result_configuration[0].encryption_configuration[0].encryption_option == "SSE_KMS" &&
      aws_athena_workgroup.analytics.configuration[0].result_configuration[0].encryption_configuration[0].kms_key_arn == one(aws_s3_bucket_server_side_encryption_configuration.athena_results.rule).apply_server_side_encryption_by_default[0].kms_master_key_id &&
      one(aws_s3_bucket_server_side_encryption_configuration.athena_results.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    )
    error_message = "the results bucket's encryption does not match the workgroup's"
  }

  # ── abuse and cost ──
  assert {
    condition     = aws_lambda_function.tracker.reserved_concurrent_executions == 20
    error_message = "reservedConcurrency from the config is not applied"
  }
  assert {
    condition     = aws_wafv2_web_acl.tracker.scope == "CLOUDFRONT" && aws_cloudfront_distribution.tracker.web_acl_id == aws_wafv2_web_acl.tracker.arn
    error_message = "the distribution has no CloudFront-scoped web ACL"
  }
  assert {
    condition = anytrue([
      for rule in jsondecode(aws_wafv2_web_acl.tracker.rule_json) :
      # EvaluationWindowSec: 60, 120, 300 or 600 seconds, 300 when absent (AWS WAF RateBasedStatement).
      try(rule.Statement.RateBasedStatement.Limit == 500 && rule.Statement.RateBasedStatement.AggregateKeyType == "IP" && try(rule.Statement.RateBasedStatement.EvaluationWindowSec, 300) == 300 && can(rule.Action.Block), false)
    ])
    error_message = "no WAF rate rule blocking an IP over 500 requests per 5 minutes"
  }
  # CloudFront accepts only GET+HEAD, GET+HEAD+OPTIONS, or all seven methods (POST needs all seven),
  # so PUT, PATCH and DELETE are blocked by the web ACL.
  assert {
    condition = anytrue([
      for accepted in [["GET", "HEAD"], ["GET", "HEAD", "OPTIONS"], ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]] :
      toset(accepted) == toset(aws_cloudfront_distribution.tracker.default_cache_behavior[0].allowed_methods)
    ])
    error_message = "CloudFront refuses this allowed_methods set"
  }
  assert {
    condition = anytrue([
      for rule in jsondecode(aws_wafv2_web_acl.tracker.rule_json) :
      can(rule.Action.Block) && toset([for statement in try(rule.Statement.OrStatement.Statements, []) : statement.ByteMatchStatement.SearchString if can(statement.ByteMatchStatement.FieldToMatch.Method)]) == toset(["PUT", "PATCH", "DELETE"])
    ])
    error_message = "PUT, PATCH and DELETE reach the function"
  }
  assert {
    condition     = aws_lambda_function.tracker.environment[0].variables.TRUST_CDN_HEADERS == "true"
    error_message = "behind CloudFront the function must read the viewer headers"
  }

  # ── alarms notify someone ──
  assert {
    condition     = aws_sns_topic_subscription.alarm_email.protocol == "email" && aws_sns_topic_subscription.alarm_email.endpoint == "oncall@example.com"
    error_message = "alarms.email is not subscribed"
  }
  assert {
    condition = alltrue([
      for alarm in [
        aws_cloudwatch_metric_alarm.errors, aws_cloudwatch_metric_alarm.throttles, aws_cloudwatch_metric_alarm.duration,
        aws_cloudwatch_metric_alarm.url_5xx, aws_cloudwatch_metric_alarm.events_lost, aws_cloudwatch_metric_alarm.storage_denied,
      ] : contains(alarm.alarm_actions, aws_sns_topic.alarms.arn)
    ])
    error_message = "an alarm notifies nobody"
  }
  assert {
    condition     = strcontains(one(aws_cloudwatch_metric_alarm.events_lost.metric_query).expression, "\"AnalyticsTracker/staging\"")
    error_message = "the events-lost alarm watches another environment's metrics"
  }
  # Duration alarm: 80% of the 15-second timeout, in milliseconds.
  assert {
    condition     = aws_cloudwatch_metric_alarm.duration.threshold == 12000
    error_message = "duration alarm threshold is not 80% of lambdaTimeout"
  }

  # ── secrets stay out of the function configuration ──
  # GetFunctionConfiguration shows the environment: the origin secret is an SSM SecureString instead.
  assert {
    condition     = !contains(keys(aws_lambda_function.tracker.environment[0].variables), "ORIGIN_VERIFY_SECRET")
    error_message = "the origin-verify secret is in the function's environment"
  }
  # Under any name: no variable holds the secret's value (nonsensitive: the result is a bool, the value
  # itself never printed).
  assert {
    condition     = !nonsensitive(contains(values(aws_lambda_function.tracker.environment[0].variables), var.origin_verify_secret))
    error_message = "the origin-verify secret's value is in the function's environment"
  }
  assert {
    condition = (
      aws_lambda_function.tracker.environment[0].variables.ORIGIN_VERIFY_PARAMETER == aws_ssm_parameter.origin_verify.name &&
      aws_ssm_parameter.origin_verify.type == "SecureString"
    )
    error_message = "the function does not read the origin secret from a SecureString parameter"
  }
  # Least privilege: ssm:GetParameter on that one parameter.
  assert {
    condition = (
      jsondecode(aws_iam_role_policy.tracker_read_secret.policy).Statement[0].Action == "ssm:GetParameter" &&
      jsondecode(aws_iam_role_policy.tracker_read_secret.policy).Statement[0].Resource == "arn:aws:ssm:eu-west-1:123456789012:parameter${aws_ssm_parameter.origin_verify.name}"
    )
    error_message = "the function may read more than its own secret parameter"
  }
}
