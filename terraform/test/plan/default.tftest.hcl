# Plan of the repository's tracker.config.ts, checked the way a platform team reviews it before
# `terraform apply`: every name against AWS's documented rule, the values that only AWS would refuse,
# and what the first week in production would reveal (alarms that fire, cost caps, exact buckets).
# Expected values come from the AWS documentation and from the config as written, never from synth.
# Run by terraform/test/terraform-plan.test.ts (`npm test`), offline, with a mocked AWS provider.

mock_provider "aws" {
  override_during = plan
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
}

# One plan, every assertion: each `run` block is a full plan, so groups are comments here.
run "repository_config" {
  command = plan

  # ── names follow aws rules ──
  # CloudFormation CreateStack: [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters.
  assert {
    condition     = can(regex("^[a-zA-Z][-a-zA-Z0-9]{0,127}$", aws_cloudformation_stack.url_invoke_permission.name))
    error_message = "CloudFormation refuses the stack name ${aws_cloudformation_stack.url_invoke_permission.name}"
  }
  # Lambda CreateFunction: letters, digits, hyphens, underscores, at most 64.
  assert {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", aws_lambda_function.tracker.function_name))
    error_message = "Lambda refuses the function name ${aws_lambda_function.tracker.function_name}"
  }
  assert {
    condition     = aws_lambda_function.tracker.function_name == "mycompany-analytics-tracker"
    error_message = "without an environment the function keeps the original tracker's name"
  }
  # IAM CreateRole: [\w+=,.@-], at most 64.
  assert {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", aws_iam_role.tracker.name))
    error_message = "IAM refuses the role name ${aws_iam_role.tracker.name}"
  }
  assert {
    condition     = aws_cloudwatch_log_group.tracker.name == "/aws/lambda/${aws_lambda_function.tracker.function_name}"
    error_message = "Lambda writes to /aws/lambda/<function>; the managed log group is ${aws_cloudwatch_log_group.tracker.name}"
  }
  # Athena CreateWorkGroup: [a-zA-Z0-9._-]{1,128}.
  assert {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,128}$", aws_athena_workgroup.analytics.name))
    error_message = "Athena refuses the workgroup name ${aws_athena_workgroup.analytics.name}"
  }
  # Athena database and table names: lower-case letters, digits and underscores.
  assert {
    condition = alltrue([
      for name in concat([aws_glue_catalog_database.analytics.name], [aws_glue_catalog_table.app1_events.name, aws_glue_catalog_table.app2_events.name]) :
      can(regex("^[a-z0-9_]{1,255}$", name))
    ])
    error_message = "Athena cannot query a database or table name outside [a-z0-9_]"
  }
  # S3 bucket naming rules: 3-63 characters of a-z, 0-9, '.', '-', starting and ending with a letter or digit.
  assert {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", aws_s3_bucket.athena_results.bucket))
    error_message = "S3 refuses the results bucket name ${aws_s3_bucket.athena_results.bucket}"
  }

  # ── one deployment owns its results bucket ──
  # Bucket names are global: without the account and region, a second deployment (another region, or
  # another stack in us-east-1, where CreateBucket on an owned name succeeds) silently shares it.
  assert {
    condition = (
      strcontains(aws_s3_bucket.athena_results.bucket, "123456789012") &&
      strcontains(aws_s3_bucket.athena_results.bucket, "us-east-1")
    )
    error_message = "results bucket ${aws_s3_bucket.athena_results.bucket} is not scoped to one account and region"
  }
  assert {
    condition     = aws_athena_workgroup.analytics.configuration[0].result_configuration[0].output_location == "s3://${aws_s3_bucket.athena_results.bucket}/results/"
    error_message = "the workgroup must write into its own results bucket"
  }

  # ── browsers and buckets ──
  # The Function URL answers preflights itself: every origin the handler accepts must be listed.
  assert {
    condition = alltrue(flatten([
      for bucket, origins in jsondecode(aws_lambda_function.tracker.environment[0].variables.BUCKET_ORIGINS) : [
        for origin in origins : contains(aws_lambda_function_url.tracker.cors[0].allow_origins, origin) || contains(aws_lambda_function_url.tracker.cors[0].allow_origins, "*")
      ]
    ]))
    error_message = "an app's allowed origin is missing from the Function URL CORS allow_origins"
  }
  # Exact bucket names by default: no pattern lets a caller pick someone else's bucket.
  assert {
    condition     = !strcontains(aws_lambda_function.tracker.environment[0].variables.ALLOWED_BUCKETS, "*")
    error_message = "the default config must not allow bucket patterns: ${aws_lambda_function.tracker.environment[0].variables.ALLOWED_BUCKETS}"
  }
  assert {
    condition     = toset(split(",", aws_lambda_function.tracker.environment[0].variables.ALLOWED_BUCKETS)) == toset(["app1-analytics-prod", "app2-analytics-staging"])
    error_message = "ALLOWED_BUCKETS should be exactly the apps' buckets"
  }
  assert {
    condition = alltrue([
      for resource in flatten([jsondecode(aws_iam_role_policy.tracker_put_events.policy).Statement[*].Resource]) :
      !strcontains(split("/", resource)[0], "*")
    ])
    error_message = "the function may write to a bucket pattern by default"
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.tracker_put_events.policy).Statement[0].Action == "s3:PutObject"
    error_message = "the function may do more than s3:PutObject"
  }

  # ── cost is capped ──
  # The documented default (README: reservedConcurrency 50).
  assert {
    condition     = aws_lambda_function.tracker.reserved_concurrent_executions == 50
    error_message = "reserved concurrency is ${aws_lambda_function.tracker.reserved_concurrent_executions}, not the documented default 50"
  }
  assert {
    condition     = aws_lambda_function_url.tracker.authorization_type == "NONE"
    error_message = "the public endpoint is a Function URL with auth NONE"
  }
  assert {
    condition     = aws_athena_workgroup.analytics.configuration[0].bytes_scanned_cutoff_per_query == 10737418240
    error_message = "one query may scan more than 10 GiB"
  }

  # ── alarms see lost events ──
  # The handler answers 503 when S3 fails: Lambda's Errors never counts it, Url5xxCount does.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.url_5xx.namespace == "AWS/Lambda" &&
      aws_cloudwatch_metric_alarm.url_5xx.metric_name == "Url5xxCount" &&
      aws_cloudwatch_metric_alarm.url_5xx.dimensions.FunctionName == aws_lambda_function.tracker.function_name &&
      aws_cloudwatch_metric_alarm.url_5xx.threshold == 1
    )
    error_message = "no alarm on the Function URL's 5xx answers"
  }
  # The handler's EventsRejected metric (namespace METRICS_NAMESPACE, reason storage_unavailable).
  assert {
    condition = (
      strcontains(one(aws_cloudwatch_metric_alarm.events_lost.metric_query).expression, "EventsRejected") &&
      strcontains(one(aws_cloudwatch_metric_alarm.events_lost.metric_query).expression, "'storage_unavailable'") &&
      strcontains(one(aws_cloudwatch_metric_alarm.events_lost.metric_query).expression, "\"${aws_lambda_function.tracker.environment[0].variables.METRICS_NAMESPACE}\"")
    )
    error_message = "no alarm on events lost to storage failures in the function's metrics namespace"
  }
  assert {
    condition     = strcontains(one(aws_cloudwatch_metric_alarm.storage_denied.metric_query).expression, "'bucket_access_denied'")
    error_message = "no alarm on S3 refusing writes (AccessDenied, owner mismatch)"
  }
  assert {
    condition     = aws_lambda_function.tracker.environment[0].variables.ENABLE_METRICS == "true"
    error_message = "the alarms on the handler's metrics need ENABLE_METRICS"
  }

  # ── projection ends near the present ──
  # A year range to 2099 makes every unfiltered query enumerate 76 years of partitions; the range
  # must still cover this year and the next (README: it ends two years ahead of the last synth).
  assert {
    condition = alltrue([
      for table in [aws_glue_catalog_table.app1_events, aws_glue_catalog_table.app2_events] :
      tonumber(split(",", table.parameters["projection.year.range"])[1]) <= tonumber(formatdate("YYYY", plantimestamp())) + 2 &&
      tonumber(split(",", table.parameters["projection.year.range"])[1]) >= tonumber(formatdate("YYYY", plantimestamp())) + 1
    ])
    error_message = "partition projection does not end within two years of the present"
  }
}
