-- The dashboard's queries (npm run dashboard): every figure on the page comes from one of these.
--
-- `{{events}}` stands for the events of the chosen app and date range. The dashboard replaces it
-- with a subquery over the app's table, filtered on the partition columns (the partition days that
-- can hold the range, one day wider on each side, so Athena still reads only those), then exactly on
-- the event time of the range's days in the page's time zone (and on the values clicked on the page,
-- e.g. `AND split_part(page, '?', 1) = '/pricing'`). `{{now}}` is its clock, a quoted ISO time;
-- `{{time_zone}}` the page's zone, a quoted IANA name (`'America/New_York'`, checked against the IANA
-- list); `{{range_start}}` the first instant of the range's first day in that zone. Nothing else of
-- the text changes. "Last 7 days" in America/New_York, with UTC partitions:
--
--   (SELECT 'app1' AS app, * FROM analytics_db.app1_events_dedup
--    WHERE year IN ('2025') AND month IN ('03')
--      AND concat(year, '-', month, '-', day) BETWEEN '2025-03-08' AND '2025-03-17'
--      AND from_iso8601_timestamp("timestamp") >= from_iso8601_timestamp('2025-03-09T05:00:00.000Z')
--      AND from_iso8601_timestamp("timestamp") < from_iso8601_timestamp('2025-03-16T04:00:00.000Z')) AS events
--
-- It reads the app's reading view (sql/athena-setup.sql), which holds each eventId once: the copy
-- stored first. For "all apps" it is a UNION ALL of every configured app's view with the same
-- filter; the `app` column keeps apps apart, so a session is an app and a sessionId (two apps' `s1`
-- are two sessions), and a visitor is counted once per app (visitorId hashes the bucket). The app
-- comes from tracker.config.ts, the dates are validated YYYY-MM-DD values, and a clicked value is
-- a quoted literal (quotes doubled; control characters refused), so the text never holds free SQL. Each panel's "Show SQL" link shows the exact statement that ran: paste it
-- into the Athena console, or run it locally with `npm run query -- "<the SQL>"`.
--
-- One rule for every time axis: an event counts at its event time, the reading view's `timestamp`
-- (the client's clock, believed from a day behind to an hour ahead of the server's, else the
-- server's), read on the clocks of the page's time zone (UTC unless the app's `timeZone` or `?tz=`
-- says otherwise). The range, "Today", the chart's days and hours (23 or 25 on a daylight-saving day)
-- and the previous period are that zone's days and hours. The one exception is `current_visitors`,
-- which counts arrivals (the server's time). Bots (device.is_bot) are left out of every figure except
-- the `bots` panel, which shows them apart.

-- name: headline
-- Page views, unique visitors, sessions, bounce rate and average session length of the range.
-- visitorId is a daily hash, so a visitor who comes back on another day counts once per day.
-- A session (an app and a sessionId) bounces when it has one event only. Its length adds up the
-- gaps between its events, each counted up to 30 minutes (the usual inactivity timeout), over the
-- reading view's times, which bound every client clock to a day behind and an hour ahead of the
-- server: one wrong clock adds at most an hour to one session and cannot dominate the mean.
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
gaps AS (
  SELECT app, sessionId,
         to_unixtime(from_iso8601_timestamp("timestamp"))
           - lag(to_unixtime(from_iso8601_timestamp("timestamp")))
               OVER (PARTITION BY app, sessionId ORDER BY from_iso8601_timestamp("timestamp")) AS gap_seconds
  FROM visits
  WHERE sessionId IS NOT NULL
),
per_session AS (
  SELECT app, sessionId,
         COUNT(*) AS events,
         sum(least(coalesce(gap_seconds, 0), 1800)) AS duration_seconds
  FROM gaps
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
-- Page views and visitors per hour of a one-day range, by event time in the page's time zone. `hour`
-- counts the hours since the day's start (0 to 22 on a spring-forward day, 0 to 24 on a fall-back
-- day, so the repeated 01:00 stays two hours); `local_time` is that hour on the zone's clocks.
SELECT CAST(floor((to_unixtime(from_iso8601_timestamp("timestamp"))
                   - to_unixtime(from_iso8601_timestamp({{range_start}}))) / 3600) AS integer) AS hour,
       min(date_format(from_iso8601_timestamp("timestamp") AT TIME ZONE {{time_zone}}, '%H:00')) AS local_time,
       COUNT(*) AS page_views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY 1
ORDER BY hour;

-- name: traffic_by_day
-- Page views and visitors per day of a longer range, by event time in the page's time zone.
SELECT date_format(from_iso8601_timestamp("timestamp") AT TIME ZONE {{time_zone}}, '%Y-%m-%d') AS day,
       COUNT(*) AS page_views, COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY 1
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
-- Where visitors come from (referrerDomain is stored without "www."); page views without a
-- referrer (typed addresses, bookmarks, apps, stripped referrers) are the "Direct / None" row.
SELECT coalesce(referrerDomain, 'Direct / None') AS referrer, COUNT(*) AS views,
       COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE eventType = 'page_view' AND NOT device.is_bot
GROUP BY coalesce(referrerDomain, 'Direct / None')
ORDER BY views DESC, referrer
LIMIT 10;

-- name: entry_pages
-- The first page viewed in each session (an app and a sessionId), by the reading view's bounded
-- time, then the server's time, then the page.
WITH views AS (
  SELECT split_part(page, '?', 1) AS page, visitorId,
         row_number() OVER (PARTITION BY app, sessionId
                            ORDER BY from_iso8601_timestamp("timestamp"),
                                     from_iso8601_timestamp(serverTimestamp), split_part(page, '?', 1)) AS n
  FROM {{events}}
  WHERE eventType = 'page_view' AND NOT device.is_bot AND sessionId IS NOT NULL
)
SELECT page, COUNT(*) AS entries, COUNT(DISTINCT visitorId) AS visitors
FROM views
WHERE n = 1
GROUP BY page
ORDER BY entries DESC, page
LIMIT 10;

-- name: exit_pages
-- The last page viewed in each session: the same order as entry_pages, reversed.
WITH views AS (
  SELECT split_part(page, '?', 1) AS page, visitorId,
         row_number() OVER (PARTITION BY app, sessionId
                            ORDER BY from_iso8601_timestamp("timestamp") DESC,
                                     from_iso8601_timestamp(serverTimestamp) DESC, split_part(page, '?', 1) DESC) AS n
  FROM {{events}}
  WHERE eventType = 'page_view' AND NOT device.is_bot AND sessionId IS NOT NULL
)
SELECT page, COUNT(*) AS exits, COUNT(DISTINCT visitorId) AS visitors
FROM views
WHERE n = 1
GROUP BY page
ORDER BY exits DESC, page
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

-- name: goals
-- Every custom event type (anything but page_view) as a goal: the visitors who sent it, its events,
-- and its conversion rate: those visitors as a share of the headline's visitors (page viewers) under
-- the same range and filters, so the rate always divides by the figure the page shows.
WITH humans AS (
  SELECT eventType, visitorId
  FROM {{events}}
  WHERE NOT device.is_bot
),
total AS (
  SELECT COUNT(DISTINCT CASE WHEN eventType = 'page_view' THEN visitorId END) AS visitors FROM humans
)
SELECT humans.eventType AS goal, COUNT(DISTINCT humans.visitorId) AS conversions, COUNT(*) AS events,
       round(100.0 * COUNT(DISTINCT humans.visitorId) / nullif(max(total.visitors), 0), 1) AS conversion_rate
FROM humans CROSS JOIN total
WHERE humans.eventType <> 'page_view'
GROUP BY humans.eventType
ORDER BY conversions DESC, goal
LIMIT 20;

-- name: plans
-- A breakdown by one custom property, metadata.plan (any event that carries it).
SELECT json_extract_scalar(metadata, '$.plan') AS plan, COUNT(*) AS events,
       COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE NOT device.is_bot AND json_extract_scalar(metadata, '$.plan') IS NOT NULL
GROUP BY json_extract_scalar(metadata, '$.plan')
ORDER BY events DESC, plan
LIMIT 10;

-- name: current_visitors
-- Visitors in the last 5 minutes before the dashboard's clock (its "now"), by the server's time:
-- arrivals, the one figure not read on event time. The dashboard reads the days around now here.
SELECT COUNT(DISTINCT visitorId) AS visitors
FROM {{events}}
WHERE NOT device.is_bot
  AND from_iso8601_timestamp(serverTimestamp) > from_iso8601_timestamp({{now}}) - INTERVAL '5' MINUTE
  AND from_iso8601_timestamp(serverTimestamp) <= from_iso8601_timestamp({{now}});
