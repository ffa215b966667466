/** One table panel of the page: the named query it shows and its title. */
export interface TablePanel {
  query: string;
  title: string;
  /** Shown under the title. */
  note?: string;
  /** The filter a click on a row's label sets (`page`, `referrer`, …; see filters.ts), if any. */
  filter?: string;
}

/** The table panels, in page order. Each query's first column is the label, the next the bar. */
export const TABLE_PANELS: readonly TablePanel[] = [
  { query: 'top_pages', title: 'Top pages', filter: 'page' },
  { query: 'entry_pages', title: 'Entry pages', note: 'First page of each session', filter: 'page' },
  { query: 'exit_pages', title: 'Exit pages', note: 'Last page of each session', filter: 'page' },
  { query: 'referrer_domains', title: 'Referrers', filter: 'referrer' },
  { query: 'utm_sources', title: 'UTM sources', filter: 'utm_source' },
  { query: 'utm_campaigns', title: 'UTM campaigns', filter: 'utm_campaign' },
  { query: 'countries', title: 'Countries', filter: 'country' },
  { query: 'devices', title: 'Devices', filter: 'device' },
  { query: 'browsers', title: 'Browsers', filter: 'browser' },
  { query: 'operating_systems', title: 'Operating systems', filter: 'os' },
  {
    query: 'goals',
    title: 'Goals',
    note: 'Every custom event type; conversion rate = its visitors / the unique visitors above',
  },
  { query: 'plans', title: 'Plan (metadata.plan)' },
  { query: 'event_types', title: 'Event types' },
  { query: 'bots', title: 'Bots', note: 'Kept apart: not counted in any other figure' },
];

/** Every query the page needs from sql/dashboard-queries.sql. */
export const PANEL_QUERY_NAMES: readonly string[] = [
  'headline',
  'traffic_by_hour',
  'traffic_by_day',
  'current_visitors',
  ...TABLE_PANELS.map((panel) => panel.query),
];
