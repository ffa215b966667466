# Plan of every-option.config.ts, checked for the daily compaction: the Parquet tables, the function,
# its schedule, its permissions and the raw JSON lifecycle. Expected values come from the AWS
# documentation (EventBridge Scheduler cron syntax, Lambda limits, Hive's Parquet SerDe, IAM ARN
# formats, S3 lifecycle rules) and from the config as written (30 days is the documented default
# raw retention), never from synth. Run by terraform/test/terraform-plan.test.ts (`npm test`).

# The same providers, imports and variables as every-option.tftest.hcl (the same config).
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
