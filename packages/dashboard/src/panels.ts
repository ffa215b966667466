/** One table panel of the page: the named query it shows and its title. */
export interface TablePanel {
  query: string;
  title: string;
  /** Shown under the title. */
  note?: string;
}

/** The table panels, in page order. Each query's first column is the label, the next the bar. */
export const TABLE_PANELS: readonly TablePanel[] = [
  { query: 'top_pages', title: 'Top pages' },
  { query: 'referrer_domains', title: 'Referrers', note: 'Direct visits are not listed' },
  { query: 'utm_sources', title: 'UTM sources' },
  { query: 'utm_campaigns', title: 'UTM campaigns' },
  { query: 'countries', title: 'Countries' },
  { query: 'devices', title: 'Devices' },
  { query: 'browsers', title: 'Browsers' },
  { query: 'operating_systems', title: 'Operating systems' },
  { query: 'event_types', title: 'Event types' },
  { query: 'bots', title: 'Bots', note: 'Kept apart: not counted in any other figure' },
];

/** Every query the page needs from sql/dashboard-queries.sql. */
export const PANEL_QUERY_NAMES: readonly string[] = [
  'headline',
  'traffic_by_hour',
  'traffic_by_day',
  ...TABLE_PANELS.map((panel) => panel.query),
];
