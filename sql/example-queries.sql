-- Example queries for the analytics tables (sql/athena-setup.sql).
--
-- The same text runs in the Athena console and locally over `npm run offline` data:
--   npm run query -- --name daily_page_views            (DuckDB, no AWS account)
--   npm run query -- --athena --name daily_page_views   (Athena)
-- Each query starts with a `-- name:` comment, which `--name` selects.
--
-- Every query filters on the partition columns (year, month, day: the UTC date the event was
-- stored), bounded on both sides (BETWEEN a start day AND today), so Athena reads only those days
-- and never enumerates projected partitions past today. The window is the last 30 UTC days, today
-- included (INTERVAL '29' DAY before today), the same 30 days as the dashboard's "30 days"; for the
-- last N days write INTERVAL 'N-1' DAY.
-- Every query but bot_share leaves out bots (device.is_bot), like every dashboard panel; bot_share
-- shows them apart.
--
-- Every query reads an app's reading view, analytics_db.<app>_events_dedup (created with the table
-- by sql/athena-setup.sql), which holds each eventId once: the copy the server stored first. An event
-- stored twice (sent alone and again in a batch, retried after midnight UTC) counts once there. The
-- table itself (analytics_db.<app>_events) keeps every stored copy, for forensics.

-- name: daily_page_views
-- Page views per day.
SELECT year, month, day, COUNT(*) AS views
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY year, month, day
ORDER BY year DESC, month DESC, day DESC;

-- name: device_breakdown
-- Page views by device type and browser.
SELECT device.device_type, device.browser, COUNT(*) AS count
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY device.device_type, device.browser
ORDER BY count DESC, device.device_type, device.browser;

-- name: page_views_all_apps
-- Page views of every app side by side: one table per app, joined with UNION ALL.
SELECT 'app1' AS app, COUNT(*) AS views
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
UNION ALL
SELECT 'app2' AS app, COUNT(*) AS views
FROM analytics_db.app2_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
ORDER BY app;

-- name: unique_visitors_per_day
-- Unique visitors per day. visitorId is a daily hash of bucket + IP + user agent, so it counts
-- visitors within a day (never across days) without storing who they are.
SELECT year, month, day,
       COUNT(DISTINCT visitorId) AS visitors,
       COUNT(*) AS page_views
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY year, month, day
ORDER BY year DESC, month DESC, day DESC;

-- name: top_pages
-- The most viewed pages (path without the query string), with their unique visitors.
SELECT split_part(page, '?', 1) AS path, COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY split_part(page, '?', 1)
ORDER BY views DESC, path
LIMIT 20;

-- name: top_referrer_domains
-- Where visitors come from: the referrer's host name (referrerDomain, stored without "www.").
SELECT referrerDomain AS referrer_domain, COUNT(*) AS views
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND referrerDomain IS NOT NULL
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY referrerDomain
ORDER BY views DESC, referrer_domain
LIMIT 20;

-- name: utm_campaigns
-- Campaign traffic: UTM source, medium and campaign of the landing page.
SELECT utm.source AS utm_source, utm.medium AS utm_medium, utm.campaign AS utm_campaign,
       COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND utm.source IS NOT NULL
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY utm.source, utm.medium, utm.campaign
ORDER BY views DESC, utm_source, utm_medium, utm_campaign;

-- name: countries
-- Page views by country (ISO code from CloudFront's viewer headers; 'unknown' without CloudFront).
SELECT coalesce(location.country, 'unknown') AS country, COUNT(*) AS views
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY coalesce(location.country, 'unknown')
ORDER BY views DESC, country;

-- name: browsers_and_os
-- Page views by browser and operating system.
SELECT coalesce(device.browser, 'unknown') AS browser, coalesce(device.os, 'unknown') AS os, COUNT(*) AS views
FROM analytics_db.app1_events_dedup
WHERE eventType = 'page_view'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY coalesce(device.browser, 'unknown'), coalesce(device.os, 'unknown')
ORDER BY views DESC, browser, os;

-- name: bot_share
-- How much of the traffic is bots (crawlers, monitors, headless browsers), per day.
SELECT year, month, day,
       COUNT(*) AS events,
       count_if(device.is_bot) AS bot_events,
       round(100.0 * count_if(device.is_bot) / COUNT(*), 1) AS bot_percent
FROM analytics_db.app1_events_dedup
WHERE concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY year, month, day
ORDER BY year DESC, month DESC, day DESC;

-- name: events_by_type
-- Every event type and how often it was sent.
SELECT eventType AS event_type, COUNT(*) AS events, COUNT(DISTINCT sessionId) AS sessions
FROM analytics_db.app1_events_dedup
WHERE NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY eventType
ORDER BY events DESC, event_type;

-- name: signup_funnel
-- Two-step funnel per session: viewed /pricing (any query string), then sent a 'signup' event afterwards.
-- Change the two conditions to measure another funnel.
WITH steps AS (
  SELECT sessionId,
         min(CASE WHEN eventType = 'page_view' AND split_part(page, '?', 1) = '/pricing'
                  THEN from_iso8601_timestamp("timestamp") END) AS viewed_pricing_at,
         min(CASE WHEN eventType = 'signup'
                  THEN from_iso8601_timestamp("timestamp") END) AS signed_up_at
  FROM analytics_db.app1_events_dedup
  WHERE sessionId IS NOT NULL
    AND NOT device.is_bot
    AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
  GROUP BY sessionId
)
SELECT count(viewed_pricing_at) AS viewed_pricing,
       count(CASE WHEN signed_up_at >= viewed_pricing_at THEN 1 END) AS then_signed_up,
       round(100.0 * count(CASE WHEN signed_up_at >= viewed_pricing_at THEN 1 END)
             / nullif(count(viewed_pricing_at), 0), 1) AS conversion_percent
FROM steps;

-- name: sessions
-- Sessions with their length: first event (client time), active time, events, pages and entry page
-- (its path without the query string, as top_pages and the dashboard's pages panels write it).
-- The length adds up the gaps between a session's events, each counted up to 30 minutes (the usual
-- inactivity timeout), so one event with a wrong clock adds at most an hour, never days.
WITH timed AS (
  SELECT sessionId, eventType, page,
         from_iso8601_timestamp("timestamp") AS event_time,
         to_unixtime(from_iso8601_timestamp("timestamp"))
           - lag(to_unixtime(from_iso8601_timestamp("timestamp")))
               OVER (PARTITION BY sessionId ORDER BY from_iso8601_timestamp("timestamp")) AS gap_seconds
  FROM analytics_db.app1_events_dedup
  WHERE sessionId IS NOT NULL
    AND NOT device.is_bot
    AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
)
SELECT sessionId AS session_id,
       date_format(min(event_time), '%Y-%m-%d %H:%i:%s') AS started_at,
       round(sum(least(coalesce(gap_seconds, 0), 1800))) AS duration_seconds,
       COUNT(*) AS events,
       count_if(eventType = 'page_view') AS page_views,
       split_part(min_by(page, event_time), '?', 1) AS entry_page
FROM timed
GROUP BY sessionId
ORDER BY started_at DESC, session_id
LIMIT 100;

-- name: signups_by_plan
-- Any key of an event's metadata is a column away: json_extract_scalar(metadata, '$.<key>').
SELECT json_extract_scalar(metadata, '$.plan') AS plan, COUNT(*) AS signups
FROM analytics_db.app1_events_dedup
WHERE eventType = 'signup'
  AND NOT device.is_bot
  AND concat(year, '-', month, '-', day) BETWEEN date_format(current_date - INTERVAL '29' DAY, '%Y-%m-%d') AND date_format(current_date, '%Y-%m-%d')
GROUP BY json_extract_scalar(metadata, '$.plan')
ORDER BY signups DESC, plan;
