-- The dashboard's queries (npm run dashboard): every figure on the page comes from one of these.
--
-- `{{events}}` stands for the events of the chosen app and date range. The dashboard replaces it,
-- and nothing else, with a subquery over the app's table, filtered on the partition columns:
--
--   (SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup
--    WHERE year IN ('2025') AND month IN ('03')
--      AND concat(year, '-', month, '-', day) BETWEEN '2025-03-09' AND '2025-03-15') AS events
--
-- It reads the app's reading view (sql/athena-setup.sql), which holds each eventId once: the copy
-- stored first. For "all apps" it is a UNION ALL of every configured app's view with the same
-- filter; the `app` column keeps apps apart, so a session is an app and a sessionId (two apps' `s1`
-- are two sessions), and a visitor is counted once per app (visitorId hashes the bucket). The app
-- comes from tracker.config.ts and the dates are validated YYYY-MM-DD values, so the text never
-- holds free user input. Each panel's "Show SQL" link shows the exact statement that ran: paste it
-- into the Athena console, or run it locally with `npm run query -- "<the SQL>"`.
--
-- Days are UTC server days (the partitions). Bots (device.is_bot) are left out of every figure
-- except the `bots` panel, which shows them apart.

-- name: headline
-- Page views, unique visitors, sessions, bounce rate and average session length of the range.
-- visitorId is a daily hash, so a visitor who comes back on another day counts once per day.
-- A session bounces when it has one event only; its length runs from its first to its last event.
WITH visits AS (
  SELECT app, eventType, visitorId, sessionId, "timestamp"
  FROM {{events}}
  WHERE NOT device.is_bot
),
totals AS (
  SELECT count(CASE WHEN eventType = 'page_view' THEN 1 END) AS page_views,
         COUNT(DISTINCT CASE WHEN eventType = 'page_view' THEN visitorId END) AS visitors
  FROM visits
),
per_session AS (
  SELECT app, sessionId,
         COUNT(*) AS events,
         date_diff('second', min(from_iso8601_timestamp("timestamp")), max(from_iso8601_timestamp("timestamp")))
           AS duration_seconds
  FROM visits
  WHERE sessionId IS NOT NULL
  GROUP BY app, sessionId
),
session_totals AS (
  SELECT COUNT(*) AS sessions,
         round(100.0 * count(CASE WHEN events = 1 THEN 1 END) / nullif(COUNT(*), 0), 1) AS bounce_rate,
         round(avg(duration_seconds)) AS avg_session_seconds
  FROM per_session
)
SELECT totals.page_views, totals.visitors, session_totals.sessions, session_totals.bounce_rate,
       session_totals.avg_session_seconds
FROM totals CROSS JOIN session_totals;

-- name: traffic_by_hour
-- Page views and visitors per hour (UTC, server time) of a one-day range.
SELECT date_format(from_iso8601_timestamp(serverTimestamp), '%H') AS hour,
       COUNT(*) AS page_views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY date_format(from_iso8601_timestamp(serverTimestamp), '%H')
ORDER BY hour;

-- name: traffic_by_day
-- Page views and visitors per day of a longer range.
SELECT concat(year, '-', month, '-', day) AS day,
       COUNT(*) AS page_views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY concat(year, '-', month, '-', day)
ORDER BY day;

-- name: top_pages
-- The most viewed pages (path without the query string).
SELECT split_part(page, '?', 1) AS page, COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY split_part(page, '?', 1)
ORDER BY views DESC, page
LIMIT 10;

-- name: referrer_domains
-- Where visitors come from (referrerDomain is stored without "www."); direct visits are left out.
SELECT referrerDomain AS referrer, COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot AND referrerDomain IS NOT NULL
GROUP BY referrerDomain
ORDER BY views DESC, referrer
LIMIT 10;

-- name: utm_sources
-- Campaign traffic by utm_source.
SELECT utm.source AS source, COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot AND utm.source IS NOT NULL
GROUP BY utm.source
ORDER BY views DESC, source
LIMIT 10;

-- name: utm_campaigns
-- Campaign traffic by utm_campaign.
SELECT utm.campaign AS campaign, COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot AND utm.campaign IS NOT NULL
GROUP BY utm.campaign
ORDER BY views DESC, campaign
LIMIT 10;

-- name: countries
-- Page views by country (ISO code from CloudFront's viewer headers; 'unknown' without CloudFront).
SELECT coalesce(location.country, 'unknown') AS country, COUNT(*) AS views,
       COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY coalesce(location.country, 'unknown')
ORDER BY views DESC, country
LIMIT 10;

-- name: devices
-- Page views by device type (desktop, mobile, tablet, ...).
SELECT coalesce(device.device_type, 'unknown') AS device, COUNT(*) AS views,
       COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY coalesce(device.device_type, 'unknown')
ORDER BY views DESC, device
LIMIT 10;

-- name: browsers
-- Page views by browser.
SELECT coalesce(device.browser, 'unknown') AS browser, COUNT(*) AS views,
       COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY coalesce(device.browser, 'unknown')
ORDER BY views DESC, browser
LIMIT 10;

-- name: operating_systems
-- Page views by operating system.
SELECT coalesce(device.os, 'unknown') AS os, COUNT(*) AS views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY coalesce(device.os, 'unknown')
ORDER BY views DESC, os
LIMIT 10;

-- name: event_types
-- Every event type (page views, clicks, signups, ...) and the sessions (app and sessionId) that sent it.
SELECT eventType AS event_type, COUNT(*) AS events, COUNT(DISTINCT app || '/' || sessionId) AS sessions
FROM {{events}}
WHERE NOT device.is_bot
GROUP BY eventType
ORDER BY events DESC, event_type
LIMIT 20;

-- name: bots
-- Bot traffic, apart from the figures above: the bot's name from its user agent (the word with
-- "bot", "crawl", "spider" or "headless" in it), its events and the pages it fetched.
SELECT coalesce(
         nullif(regexp_extract(userAgent, '(?i)([a-z0-9._-]*(bot|crawl|spider|headless)[a-z0-9._-]*)', 1), ''),
         'other bot') AS bot,
       COUNT(*) AS events, COUNT(DISTINCT split_part(page, '?', 1)) AS pages
FROM {{events}}
WHERE device.is_bot
GROUP BY 1
ORDER BY events DESC, bot
LIMIT 10;
