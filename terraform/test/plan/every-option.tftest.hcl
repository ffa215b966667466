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
# never carried an environment. Only `legacy` had a table; `web`, `mobile` and `archive` are new apps
# (`archive` adopts a bucket other teams share, leaving its lifecycle and policy to them). These
# overrides are the whole of what exists: an import of anything else fails this plan ("Cannot import
# resources from mock providers"), as it would fail the apply. test/terraform-plan.test.ts also reads
# the imported addresses from the plan itself.
override_resource {
  target = aws_s3_bucket.app_legacy
  values = { bucket = "acme-legacy-analytics", arn = "arn:aws:s3:::acme-legacy-analytics" }
}
override_resource {
  target = aws_s3_bucket.app_archive
  values = { bucket = "acme-shared-archive", arn = "arn:aws:s3:::acme-shared-archive" }
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

# Known ARNs for the function and the scheduler's role, so the plan can compare references to them.
override_resource {
  target          = aws_lambda_function.compaction
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:acme-analytics-compact-staging" }
}
override_resource {
  target          = aws_iam_role.compaction_scheduler
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/acme-analytics-compact-staging-scheduler" }
}

variables {
  origin_verify_secret = "fedcba9876543210fedcba9876543210"
}

# Each `run` block is a full plan: the tracker's assertions are grouped by comments in this one, and
# the daily compaction's in the run after it.
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
  assert {
    condition = alltrue([for fn in [aws_lambda_function.tracker, aws_lambda_function.compaction] :
    lookup(fn.environment[0].variables, "AWS_USE_DUALSTACK_ENDPOINT", "") == "true" && !contains(keys(fn.environment[0].variables), "AWS_USE_FIPS_ENDPOINT")])
    error_message = "endpoints.dualStack must set AWS_USE_DUALSTACK_ENDPOINT (and only it) on the functions"
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

# The same plan, checked for the daily compaction: the Parquet tables, the function,
# its schedule, its permissions and the raw JSON lifecycle. Expected values come from the AWS
# documentation (EventBridge Scheduler cron syntax, Lambda limits, Hive's Parquet SerDe, IAM ARN
# formats, S3 lifecycle rules) and from the config as written (30 days is the documented default
# raw retention), never from synth.
run "daily_compaction" {
  command = plan

  # ── one Parquet table per app, beside its JSON table ──
  assert {
    condition = alltrue([
      for pair in [
        [aws_glue_catalog_table.web_events, aws_glue_catalog_table.web_events_compacted, "acme-web-analytics"],
        [aws_glue_catalog_table.legacy_events, aws_glue_catalog_table.legacy_events_compacted, "acme-legacy-analytics"],
        [aws_glue_catalog_table.mobile_events, aws_glue_catalog_table.mobile_events_compacted, "acme-mobile-analytics"],
        ] : (
        pair[1].name == "${pair[0].name}_compacted" &&
        pair[1].database_name == pair[0].database_name &&
        pair[1].storage_descriptor[0].location == "s3://${pair[2]}/compacted/" &&
        [for column in pair[1].storage_descriptor[0].columns : [column.name, column.type]] == [for column in pair[0].storage_descriptor[0].columns : [column.name, column.type]] &&
        [for key in pair[1].partition_keys : key.name] == ["year", "month", "day"]
      )
    ])
    error_message = "each app needs <app>_events_compacted under s3://<bucket>/compacted/ with its JSON table's columns and day partitions"
  }
  # Hive's Parquet SerDe and formats (the ones Athena's CREATE TABLE … STORED AS PARQUET uses).
  assert {
    condition = (
      aws_glue_catalog_table.web_events_compacted.storage_descriptor[0].ser_de_info[0].serialization_library == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" &&
      aws_glue_catalog_table.web_events_compacted.storage_descriptor[0].input_format == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat" &&
      aws_glue_catalog_table.web_events_compacted.storage_descriptor[0].output_format == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat" &&
      aws_glue_catalog_table.web_events_compacted.parameters["parquet.compression"] == "ZSTD" &&
      aws_glue_catalog_table.web_events_compacted.parameters["storage.location.template"] == "s3://acme-web-analytics/compacted/year=$${year}/month=$${month}/day=$${day}/"
    )
    error_message = "the compacted table must be ZSTD Parquet with its days projected under compacted/"
  }

  # ── the function ──
  # Lambda CreateFunction: names of letters, digits, hyphens, underscores, at most 64; timeout at most 900 s.
  assert {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", aws_lambda_function.compaction.function_name))
    error_message = "Lambda refuses the function name ${aws_lambda_function.compaction.function_name}"
  }
  assert {
    condition = (
      aws_lambda_function.compaction.handler == "compact-days.handler" &&
      aws_lambda_function.compaction.runtime == "nodejs22.x" &&
      aws_lambda_function.compaction.timeout <= 900 &&
      aws_lambda_function.compaction.timeout >= 300
    )
    error_message = "the compaction runs compact-days.handler with minutes (at most Lambda's 900 s) for Athena"
  }
  assert {
    condition = (
      aws_lambda_function.compaction.environment[0].variables.GLUE_DATABASE == "acme_analytics" &&
      aws_lambda_function.compaction.environment[0].variables.ATHENA_WORKGROUP == aws_athena_workgroup.analytics.name &&
      aws_lambda_function.compaction.environment[0].variables.RAW_RETENTION_DAYS == "30" &&
      jsondecode(aws_lambda_function.compaction.environment[0].variables.COMPACTION_APPS) == [
        { name = "web", bucket = "acme-web-analytics" },
        { name = "legacy", bucket = "acme-legacy-analytics" },
        { name = "mobile", bucket = "acme-mobile-analytics" },
        { name = "archive", bucket = "acme-shared-archive" },
      ]
    )
    error_message = "the function must know every app, the database (the original's name, adopted) and the tracker's workgroup"
  }
  # IAM CreateRole: [\w+=,.@-], at most 64.
  assert {
    condition = alltrue([
      for name in [aws_iam_role.compaction.name, aws_iam_role.compaction_scheduler.name] :
      can(regex("^[\\w+=,.@-]{1,64}$", name))
    ])
    error_message = "IAM refuses a compaction role name"
  }

  # ── the schedule ──
  # EventBridge Scheduler: cron(minutes hours day-of-month month day-of-week year), one of the two
  # day fields a '?'. Daily after midnight UTC, when yesterday's UTC partition is complete.
  assert {
    condition = (
      aws_scheduler_schedule.compaction.schedule_expression == "cron(30 1 * * ? *)" &&
      aws_scheduler_schedule.compaction.schedule_expression_timezone == "UTC" &&
      aws_scheduler_schedule.compaction.flexible_time_window[0].mode == "OFF"
    )
    error_message = "the compaction must run once a day at 01:30 UTC"
  }
  assert {
    condition = (
      aws_scheduler_schedule.compaction.target[0].arn == aws_lambda_function.compaction.arn &&
      aws_scheduler_schedule.compaction.target[0].role_arn == aws_iam_role.compaction_scheduler.arn &&
      jsondecode(aws_iam_role_policy.compaction_scheduler.policy).Statement[0].Action == "lambda:InvokeFunction" &&
      jsondecode(aws_iam_role_policy.compaction_scheduler.policy).Statement[0].Resource == aws_lambda_function.compaction.arn
    )
    error_message = "the scheduler must invoke the compaction function, and its role may do nothing else"
  }

  # ── least privilege ──
  # Athena ARN format: arn:aws:athena:<region>:<account>:workgroup/<name>.
  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.compaction.policy).Statement :
      statement.Resource == "arn:aws:athena:eu-west-1:123456789012:workgroup/${aws_athena_workgroup.analytics.name}"
      if anytrue([for action in flatten([statement.Action]) : startswith(action, "athena:")])
    ])
    error_message = "Athena actions must be scoped to the tracker's workgroup"
  }
  # Writes and deletes in the event buckets only under compacted/; raw JSON only read.
  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.compaction.policy).Statement : [
        for resource in flatten([statement.Resource]) :
        endswith(resource, "/compacted/*") || resource == "arn:aws:s3:::${aws_s3_bucket.athena_results.bucket}/results/*"
      ] if contains(flatten([statement.Action]), "s3:PutObject") || contains(flatten([statement.Action]), "s3:DeleteObject")
    ]))
    error_message = "the compaction may write or delete only under compacted/ (and its query results)"
  }
  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.compaction.policy).Statement : [
        for action in flatten([statement.Action]) : !strcontains(action, "*")
      ]
    ]))
    error_message = "no wildcard action in the compaction's policy"
  }
  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.compaction.policy).Statement :
      toset(statement.Condition.StringLike["s3:prefix"]) == toset(["analytics/*", "compacted/*"])
      if statement.Action == "s3:ListBucket"
    ])
    error_message = "the event buckets may be listed only under analytics/ and compacted/"
  }

  # ── raw JSON expires, compacted days stay ──
  # S3 lifecycle: a rule's expiration days act on the objects its filter selects.
  assert {
    condition = anytrue([
      for rule in aws_s3_bucket_lifecycle_configuration.app_web.rule :
      one(rule.filter).prefix == "analytics/" && try(one(rule.expiration).days, null) == 30
      if rule.id == "intelligent-tiering"
    ])
    error_message = "raw JSON under analytics/ must expire after compaction.rawRetentionDays (default 30)"
  }
  # Besides it, only the rule that expires old versions (noncurrent) and leftover delete markers.
  assert {
    condition     = [for rule in aws_s3_bucket_lifecycle_configuration.app_web.rule : rule.id] == ["intelligent-tiering", "expire-noncurrent-versions"]
    error_message = "no rule may expire the current compacted days"
  }
  # The adopted bucket's history from before the tracker was never compacted: it must not expire.
  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_lifecycle_configuration.app_legacy.rule :
      try(one(rule.expiration).days, null) == null
      if rule.id == "intelligent-tiering"
    ])
    error_message = "the adopted bucket's raw history must not expire"
  }
}
