import type { AllowlistFigures } from './allowlist-scaling.js';
import type { CliStartupFigures } from './cli-startup.js';
import type { ClientFigures } from './client-size.js';
import type { ColdStartFigures } from './cold-start.js';
import type { CompactionFigures } from './compaction.js';
import type { CompactionCost, CostBreakdown } from './cost-model.js';
import type { DashboardLoadFigures } from './dashboard-load.js';
import type { EndToEndResults } from './end-to-end.js';
import type { CpuResults } from './handler-cpu-run.js';
import type { PairedRatio } from './lib/stats.js';
import { formatNumber, markdownTable } from './lib/table.js';
import type { StorageFigures, StorageResults } from './storage.js';

/** The client core's size goal: under this many bytes gzip (Plausible's script is 1,286 B). */
const CLIENT_GOAL_BYTES = 2048;

/** Everything one `npm run bench` measured (the shape of `results/latest.json`). */
export interface BenchResults {
  command: string;
  /** When the last full run (every part) ended. */
  measuredAt: string;
  /**
   * When each part (`cpu`, `cold`, …, the `BENCH_ONLY` names) was last measured: a part merged alone
   * (`BENCH_MERGE=1`) is newer than the full run. Absent from results written before it existed.
   */
  partsMeasuredAt?: Record<string, string>;
  machine: { cpus: number; cpuModel: string; node: string };
  handlerCpu: { stub: CpuResults | undefined; s3rver: CpuResults | undefined };
  coldStart: ColdStartFigures | undefined;
  client: ClientFigures | undefined;
  endToEnd: EndToEndResults | undefined;
  storage: StorageResults | undefined;
  cost: { memoryMb: number; single: CostBreakdown; batch20: CostBreakdown } | undefined;
  allowlist: AllowlistFigures | undefined;
  /**
   * Compaction: a dashboard load before and after, and the cost of a million events without and with
   * it. Absent from results measured before it existed; `measuredAt` when it was merged in alone.
   */
  compaction?:
    | (CompactionFigures & {
        measuredAt?: string;
        cost: { rawRetentionDays: number; before: CompactionCost; after: CompactionCost };
      })
    | undefined;
  /** `npm run dashboard` page loads over 100k local events (absent from runs before it existed). */
  dashboard?: DashboardLoadFigures | undefined;
  /** `npx tracker query` wall time on 100,000 local events (absent in results older than the step). */
  cli?: CliStartupFigures | undefined;
  /** Each target's verdict in every run of this command (BENCH_REPEAT runs), oldest first. */
  verdictsByRun?: Record<string, boolean[]>;
}

/** One target: what was measured against its limit, and whether it is met. */
export interface Target {
  target: string;
  value: string;
  met: boolean;
}

const times = (value: number) => `${value.toFixed(2)}x`;
/** A ratio with the spread of its rounds: `1.13x (rounds 1.05-1.17x)`. */
const withSpread = (r: PairedRatio) => `${times(r.ratio)} (rounds ${r.q1.toFixed(2)}-${r.q3.toFixed(2)}x)`;

/**
 * Every target of the bench and its verdict, from results alone (so the README, generated from
 * latest.json, says what the run said). A ratio target is met only when the upper quartile of its
 * rounds meets it, not just the median; size limits are in bytes.
 *
 * @example
 * targetsOf(results).filter((t) => !t.met); // the targets missed
 */
export function targetsOf(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const ratio = (target: string, r: PairedRatio | undefined, limit: number) => {
    if (r) targets.push({ target, value: withSpread(r), met: r.q3 <= limit });
  };
  const atMost = (target: string, value: number | undefined, limit: number, show: (v: number) => string) => {
    if (value !== undefined) targets.push({ target, value: show(value), met: value <= limit });
  };
  const { coldStart, handlerCpu, client, storage, cost, endToEnd, allowlist } = results;
  ratio('cold start ≤ 1.05x the SDK-only floor (CPU)', coldStart?.ratio, 1.05);
  ratio('handler ≤ 1.1x floor, single events', handlerCpu.stub?.['1']?.ratio, 1.1);
  ratio('handler ≤ 1.5x floor, batches of 50', handlerCpu.stub?.['50']?.ratio, 1.5);
  ratio('allow-list time at 2n ≤ 3x time at n (linear)', allowlist?.ratio, 3);
  // The product's goal (issue: the core under 2,048 B gzip, so 2,047 at most), not the size test's
  // regression budget, which is set to the measured size while the goal is out of reach.
  const under = (target: string, value: number | undefined) => {
    if (value !== undefined)
      targets.push({ target, value: `${formatNumber(value)} B`, met: value < CLIENT_GOAL_BYTES });
  };
  under(`client ESM < ${formatNumber(CLIENT_GOAL_BYTES)} B gzip`, client?.esmGzipBytes);
  under(`client script tag < ${formatNumber(CLIENT_GOAL_BYTES)} B gzip`, client?.scriptTagGzipBytes);
  atMost('≤ 60 S3 PUTs per 1,000 events, client batching', storage?.client.putsPer1000Events, 60, String);
  atMost(
    '≤ $0.35 per million events, batches of 20',
    cost?.batch20.totalUsd,
    0.35,
    (v) => `$${v.toFixed(3)}`,
  );
  if (results.compaction) {
    const ratio = results.compaction.before.bytesRead / results.compaction.after.bytesRead;
    targets.push({
      target: 'a dashboard load reads ≥ 10x fewer bytes after compaction',
      value: `${ratio.toFixed(1)}x fewer`,
      met: ratio >= 10,
    });
  }
  atMost(
    'end-to-end errors = 0',
    endToEnd ? endToEnd.single.errors + endToEnd.batch50.errors : undefined,
    0,
    String,
  );
  const dashboard = results.dashboard && results.dashboard.events >= 100_000 ? results.dashboard : undefined;
  const ms = (v: number) => `${formatNumber(v)} ms`;
  atMost('dashboard reload ≤ 1 s on 100k events (median)', dashboard?.pageLoadMs, 1000, ms);
  atMost('dashboard load, new filter, ≤ 1 s on 100k events (median)', dashboard?.filteredLoadMs, 1000, ms);
  atMost(
    "tracker query --name top_pages (the bin; npx adds npm's start) < 1 s on 100,000 local events",
    results.cli?.bundleMedianMs,
    999.99,
    (v) => `${formatNumber(v, 0)} ms`,
  );
  return targets;
}

function cliTable(cli: CliStartupFigures): string {
  const when = cli.measuredAt.slice(0, 16).replace('T', ' ');
  return markdownTable(
    [
      `\`${cli.query}\`, ${formatNumber(cli.events)} local events (${when} UTC, load ${formatNumber(cli.loadAverage, 1)})`,
      `median wall ms (${cli.runs} runs)`,
      'median CPU ms',
    ],
    [
      [
        'prebuilt bundle (the `tracker` bin; `npm run query` runs it too)',
        formatNumber(cli.bundleMedianMs, 0),
        formatNumber(cli.bundleMedianCpuMs, 0),
      ],
      ...(cli.npxMedianMs === undefined || cli.npxMedianCpuMs === undefined
        ? []
        : [
            [
              'the same through `npx tracker` (npm finds the bin first)',
              formatNumber(cli.npxMedianMs, 0),
              formatNumber(cli.npxMedianCpuMs, 0),
            ],
          ]),
      [
        'compiled by tsx on each call (`npm run query` before the bin)',
        formatNumber(cli.tsxMedianMs, 0),
        formatNumber(cli.tsxMedianCpuMs, 0),
      ],
      ...(cli.firstCallMs === undefined || cli.firstCallCpuMs === undefined
        ? []
        : [
            [
              'first call after the events were written (builds the local cache), once',
              formatNumber(cli.firstCallMs, 0),
              formatNumber(cli.firstCallCpuMs, 0),
            ],
          ]),
      [`writing the ${formatNumber(cli.events)} events (seconds)`, formatNumber(cli.seedSeconds, 1), ''],
    ],
  );
}

function cpuTable(results: BenchResults): string | undefined {
  const rows = (kind: string, cpu: CpuResults | undefined) =>
    Object.values(cpu ?? {}).map((r) => [
      kind,
      String(r.eventsPerRequest),
      String(r.rounds),
      formatNumber(r.handlerCpuUsPerEvent, 1),
      formatNumber(r.floorCpuUsPerEvent, 1),
      withSpread(r.ratio),
      formatNumber(r.handlerWallMsPerRequest, 2),
    ]);
  const all = [
    ...rows('stub (200 + ETag)', results.handlerCpu.stub),
    ...rows('s3rver', results.handlerCpu.s3rver),
  ];
  if (all.length === 0) return undefined;
  return markdownTable(
    [
      'S3 endpoint',
      'events/request',
      'rounds',
      'handler CPU µs/event',
      'floor CPU µs/event',
      'handler/floor',
      'handler wall ms/request',
    ],
    all,
  );
}

function coldStartTables(cold: ColdStartFigures): string[] {
  const row = (label: string, runs: ColdStartFigures['floor'], ratio: string) => [
    label,
    formatNumber(runs.cpuMs, 1),
    formatNumber(runs.wallMs, 1),
    ratio,
  ];
  const startup = markdownTable(
    ['cold start: node + import + one stored event', 'CPU ms', 'wall ms', 'CPU vs SDK floor'],
    [
      row('SDK-only floor (S3Client + PutObjectCommand)', cold.floor, '1.00x'),
      row('handler as deployed (tRPC in its own chunk)', cold.handler, withSpread(cold.ratio)),
      row('handler in one file (tRPC evaluated lazily)', cold.handlerOneFile, withSpread(cold.oneFileRatio)),
      ...(cold.floorCopy && cold.copyRatio
        ? [
            row(
              'SDK-only floor again (a copy: what nothing reads as)',
              cold.floorCopy,
              withSpread(cold.copyRatio),
            ),
          ]
        : []),
    ],
  );
  const size = (label: string, part: { files: number; minifiedBytes: number; gzipBytes: number }) => [
    label,
    String(part.files),
    formatNumber(part.minifiedBytes),
    formatNumber(part.gzipBytes),
  ];
  const bytes = markdownTable(
    ['bundle', 'files', 'minified B', 'gzip -9 B'],
    [
      size('SDK-only floor, loaded at start', cold.floorBytes.loadedAtStart),
      size('handler, loaded at start', cold.handlerBytes.loadedAtStart),
      size('handler, deployed (chunks loaded on demand too)', cold.handlerBytes.deployed),
    ],
  );
  return [startup, bytes];
}

function storageTable(storage: StorageResults): string {
  const rows: [string, StorageFigures][] = [
    ['single events', storage.single],
    ['batches of 20', storage.batch20],
    ['batches of 50', storage.batch50],
    [`client (batches of ${storage.client.eventsPerRequest})`, storage.client],
  ];
  return markdownTable(
    ['sent as', 'S3 PUTs per 1,000 events', 'stored bytes per event'],
    rows.map(([label, r]) => [
      label,
      formatNumber(r.putsPer1000Events),
      formatNumber(r.storedBytesPerEvent, 1),
    ]),
  );
}

function costTable(cost: NonNullable<BenchResults['cost']>): string {
  const usd = (value: number) => `$${value.toFixed(4)}`;
  return markdownTable(
    [
      'per million events',
      'billed ms/request',
      'Lambda requests',
      'Lambda GB-s',
      'S3 PUTs',
      'S3 storage/month',
      'Athena daily query',
      'total',
    ],
    [cost.single, cost.batch20].map((c) => [
      c.eventsPerRequest === 1 ? 'single events' : `batches of ${c.eventsPerRequest}`,
      String(c.billedMsPerRequest),
      usd(c.lambdaRequestsUsd),
      usd(c.lambdaComputeUsd),
      usd(c.s3PutsUsd),
      usd(c.s3StorageUsdPerMonth),
      usd(c.athenaDailyQueryUsd),
      usd(c.totalUsd),
    ]),
  );
}

function compactionTables(compaction: NonNullable<BenchResults['compaction']>): string[] {
  const load = (label: string, l: CompactionFigures['before']) => [
    label,
    String(l.queries),
    formatNumber(l.objectsRead),
    formatNumber(l.jsonBytesRead),
    formatNumber(l.parquetBytesRead),
    formatNumber(l.bytesRead),
    formatNumber(l.ms),
  ];
  const usd = (value: number) => `$${value.toFixed(4)}`;
  const cost = (label: string, c: CompactionCost) => [
    label,
    usd(c.storageUsd),
    usd(c.dashboardScanUsd),
    usd(c.dashboardGetsUsd),
    usd(c.compactionUsd),
    usd(c.totalUsd),
  ];
  const when = compaction.measuredAt
    ? ` (measured ${compaction.measuredAt.slice(0, 16).replace('T', ' ')} UTC)`
    : '';
  return [
    markdownTable(
      [
        `dashboard load, ${formatNumber(compaction.events)} events over ${compaction.days} days${when}`,
        'queries',
        'objects read',
        'JSON bytes read',
        'Parquet bytes read',
        'bytes read',
        'local ms',
      ],
      [
        load('before compaction (raw JSON)', compaction.before),
        load('after npm run compact', compaction.after),
      ],
    ),
    markdownTable(
      ['stored', 'bytes', 'bytes per event', 'compaction ms'],
      [
        [
          'raw JSON (objects as stored)',
          formatNumber(compaction.rawBytes),
          formatNumber(compaction.rawBytes / compaction.events, 1),
          '',
        ],
        [
          'Parquet (ZSTD)',
          formatNumber(compaction.parquetBytes),
          formatNumber(compaction.parquetBytes / compaction.events, 1),
          formatNumber(compaction.compactMs),
        ],
      ],
    ),
    markdownTable(
      [
        `per million events: 13 months stored, a dashboard load a day (raw kept ${compaction.cost.rawRetentionDays} days)`,
        'S3 storage',
        'Athena dashboard scans',
        'S3 GETs of dashboard',
        'compaction',
        'total',
      ],
      [cost('raw JSON only', compaction.cost.before), cost('compacted', compaction.cost.after)],
    ),
  ];
}

function targetTable(results: BenchResults): string {
  const verdicts = results.verdictsByRun;
  const runs = verdicts ? Math.max(...Object.values(verdicts).map((v) => v.length)) : 1;
  return markdownTable(
    ['target', 'measured', 'met', ...(runs > 1 ? [`met in each of ${runs} runs`] : [])],
    targetsOf(results).map((t) => {
      const history = verdicts?.[t.target] ?? [];
      const cells = [t.target, t.value, t.met ? 'yes' : 'NO'];
      // A target measured again alone (BENCH_MERGE) has its own, shorter history: say how long.
      const shorter =
        history.length > 0 && history.length < runs
          ? ` (${history.length} run${history.length === 1 ? '' : 's'})`
          : '';
      if (runs > 1) cells.push(`${history.map((met) => (met ? 'yes' : 'NO')).join(', ')}${shorter}`);
      return cells;
    }),
  );
}

/**
 * The bench's tables as Markdown: printed by `npm run bench` and written into bench/README.md
 * from `results/latest.json`, so the README shows exactly what the JSON holds.
 *
 * @example
 * process.stdout.write(renderTables(JSON.parse(readFileSync('bench/results/latest.json', 'utf8'))));
 */
export function renderTables(results: BenchResults): string {
  const tables: string[] = [];
  const cpu = cpuTable(results);
  if (cpu) tables.push(cpu);
  if (results.coldStart) tables.push(...coldStartTables(results.coldStart));
  if (results.client) {
    tables.push(
      markdownTable(
        ['client build', 'gzip -9 B'],
        [
          ['ESM, every export, minified', formatNumber(results.client.esmGzipBytes)],
          ['script tag', formatNumber(results.client.scriptTagGzipBytes)],
        ],
      ),
    );
  }
  if (results.allowlist) {
    const a = results.allowlist;
    tables.push(
      markdownTable(
        ['allow-list, hostile names', 'patterns', 'µs per check at n', 'µs per check at 2n', '2n / n'],
        [
          [
            `n = ${formatNumber(a.nameLength)} characters`,
            String(a.patterns),
            formatNumber(a.usAtN, 0),
            formatNumber(a.usAt2N, 0),
            withSpread(a.ratio),
          ],
        ],
      ),
    );
  }
  if (results.cli) tables.push(cliTable(results.cli));
  if (results.endToEnd) {
    tables.push(
      markdownTable(
        ['npm run offline + autocannon', 'requests/s', 'events/s', 'p50 ms', 'p99 ms', 'errors'],
        [results.endToEnd.single, results.endToEnd.batch50].map((r) => [
          r.eventsPerRequest === 1 ? 'single events' : `batches of ${r.eventsPerRequest}`,
          formatNumber(r.requestsPerSecond),
          formatNumber(r.eventsPerSecond),
          String(r.latencyP50Ms),
          String(r.latencyP99Ms),
          String(r.errors),
        ]),
      ),
    );
  }
  if (results.dashboard) {
    const d = results.dashboard;
    tables.push(
      markdownTable(
        [
          `npm run dashboard, ${formatNumber(d.events)} events, ${d.queries} queries per page (measured ${d.measuredAt.slice(0, 16).replace('T', ' ')} UTC${d.loadAverage === undefined ? '' : `, load ${formatNumber(d.loadAverage, 1)}`})`,
          'ms',
        ],
        [
          [
            d.restartLoadMs === undefined
              ? 'first page load (list files, open DuckDB, load rows, run the queries)'
              : 'first page load (list files, open DuckDB, build the local cache, run the queries)',
            formatNumber(d.firstLoadMs),
          ],
          ...(d.restartLoadMs === undefined
            ? []
            : [
                [
                  'first page load of the dashboard started again (local cache built)',
                  formatNumber(d.restartLoadMs),
                ],
              ]),
          [`reload, nothing new (results remembered), median of ${d.loads}`, formatNumber(d.pageLoadMs)],
          [
            `page load with a new filter (every query runs), median of ${d.loads}`,
            formatNumber(d.filteredLoadMs),
          ],
          ['first page load after a new event', formatNumber(d.afterNewEventMs)],
        ],
      ),
    );
  }
  if (results.storage) tables.push(storageTable(results.storage));
  if (results.cost) tables.push(costTable(results.cost));
  if (results.compaction) tables.push(...compactionTables(results.compaction));
  tables.push(targetTable(results));
  return tables.join('\n\n');
}
