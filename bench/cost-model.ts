/**
 * Cost per million events on AWS, from public list prices (us-east-1). Prices as listed in 2025 on
 * https://aws.amazon.com/lambda/pricing/ (Arm), https://aws.amazon.com/s3/pricing/ (S3 Standard) and
 * https://aws.amazon.com/athena/pricing/ (SQL queries); re-check them before quoting the figures.
 * Free tiers are ignored: this is the marginal cost.
 */

/** Lambda, per request (Arm and x86 alike): $0.20 per 1M requests. */
export const LAMBDA_USD_PER_REQUEST = 0.2 / 1_000_000;
/** Lambda on Arm (Graviton), first 7.5 billion GB-seconds a month. */
export const LAMBDA_ARM_USD_PER_GB_SECOND = 0.0000133334;
/** Lambda bills duration rounded up to the next millisecond. */
export const LAMBDA_BILLING_GRANULARITY_MS = 1;
/** S3 Standard PUT, COPY, POST, LIST: $0.005 per 1,000 requests. */
export const S3_USD_PER_PUT = 0.005 / 1000;
/** S3 Standard storage, first 50 TB: $0.023 per GB-month. */
export const S3_USD_PER_GB_MONTH = 0.023;
/** S3 Standard GET, SELECT and all other requests: $0.0004 per 1,000 requests. */
export const S3_USD_PER_GET = 0.0004 / 1000;
/** Athena SQL: $5.00 per TB scanned (counted in decimal TB here, the conservative reading)... */
export const ATHENA_USD_PER_TB_SCANNED = 5;
/** ...rounded up to the megabyte, with a 10 MB minimum per query. */
export const ATHENA_MIN_BYTES_PER_QUERY = 10 * 1024 * 1024;

const MILLION = 1_000_000;

/** What one way of sending events costs per million events, item by item (USD). */
export interface CostBreakdown {
  eventsPerRequest: number;
  memoryMb: number;
  billedMsPerRequest: number;
  lambdaRequestsUsd: number;
  lambdaComputeUsd: number;
  s3PutsUsd: number;
  s3StorageUsdPerMonth: number;
  athenaDailyQueryUsd: number;
  totalUsd: number;
}

/** The measured inputs of the model. */
export interface CostInputs {
  eventsPerRequest: number;
  /** Lambda memory from tracker.config.ts. */
  memoryMb: number;
  /** Measured handler duration per request (wall time, real S3 protocol). */
  durationMsPerRequest: number;
  putsPer1000Events: number;
  storedBytesPerEvent: number;
}

/**
 * Cost per million events: Lambda requests and GB-seconds at the configured memory and measured
 * duration, S3 PUTs, one month of S3 storage, and one run of the daily page-view query, which scans
 * every stored byte (Athena bills the compressed bytes of gzip objects).
 *
 * @example
 * costPerMillion({ eventsPerRequest: 20, memoryMb: 256, durationMsPerRequest: 12, putsPer1000Events: 50, storedBytesPerEvent: 120 }).totalUsd;
 */
export function costPerMillion(inputs: CostInputs): CostBreakdown {
  const requests = MILLION / inputs.eventsPerRequest;
  const billedMs =
    Math.ceil(inputs.durationMsPerRequest / LAMBDA_BILLING_GRANULARITY_MS) * LAMBDA_BILLING_GRANULARITY_MS;
  const gbSeconds = requests * (inputs.memoryMb / 1024) * (billedMs / 1000);
  const storedBytes = MILLION * inputs.storedBytesPerEvent;
  const scannedBytes = Math.max(ATHENA_MIN_BYTES_PER_QUERY, Math.ceil(storedBytes / 1024 ** 2) * 1024 ** 2);
  const breakdown = {
    eventsPerRequest: inputs.eventsPerRequest,
    memoryMb: inputs.memoryMb,
    billedMsPerRequest: billedMs,
    lambdaRequestsUsd: requests * LAMBDA_USD_PER_REQUEST,
    lambdaComputeUsd: gbSeconds * LAMBDA_ARM_USD_PER_GB_SECOND,
    s3PutsUsd: (MILLION / 1000) * inputs.putsPer1000Events * S3_USD_PER_PUT,
    s3StorageUsdPerMonth: (storedBytes / 1e9) * S3_USD_PER_GB_MONTH,
    athenaDailyQueryUsd: (scannedBytes / 1e12) * ATHENA_USD_PER_TB_SCANNED,
  };
  const totalUsd =
    breakdown.lambdaRequestsUsd +
    breakdown.lambdaComputeUsd +
    breakdown.s3PutsUsd +
    breakdown.s3StorageUsdPerMonth +
    breakdown.athenaDailyQueryUsd;
  return { ...breakdown, totalUsd };
}

/** Months a month of events is kept and paid for in the compaction cost model. */
export const STORAGE_MONTHS = 13;
/** Dashboard loads a day in the compaction cost model; each reads the last 30 days. */
export const DASHBOARD_LOADS_PER_MONTH = 30;

/** What the compaction cost model reads from the measured bench run, per event. */
export interface CompactionCostInputs {
  /** Days raw JSON is kept once compacted (`compaction.rawRetentionDays`). */
  rawRetentionDays: number;
  rawBytesPerEvent: number;
  parquetBytesPerEvent: number;
  /** Queries in one dashboard load. */
  queriesPerLoad: number;
  /** Bytes one dashboard load reads per event of its 30 days, before and after compaction. */
  loadBytesPerEvent: { before: number; after: number };
  /** Objects one dashboard load opens per event of its 30 days (one S3 GET each), before and after. */
  loadObjectsPerEvent: { before: number; after: number };
  /** Raw objects per event (for the compaction's own reads). */
  rawObjectsPerEvent: number;
}

/** The cost of one million events, item by item (USD), without and with compaction. */
export interface CompactionCost {
  storageUsd: number;
  dashboardScanUsd: number;
  dashboardGetsUsd: number;
  /** The daily compaction: Athena scanning raw days, its GETs and PUTs, and the function (at its timeout, an upper bound). */
  compactionUsd: number;
  totalUsd: number;
}

/**
 * Cost of a million events over their life, for a site sending a million events a month: stored for
 * 13 months, and read by one dashboard load a day for the 30 days they are in its window. Without
 * compaction they stay raw JSON and each load scans every raw object of its days; with it, raw JSON
 * is kept `rawRetentionDays` and Parquet 13 months, each load reads what the bench measured after
 * compaction, and the daily compaction scans each raw day twice (as the day, and as the next day's
 * look-back). Athena's 10 MB minimum applies per query. Ingest (Lambda, PUTs) is the same either way
 * and is in the per-million table above.
 *
 * @example
 * compactionCostPerMillion({ rawRetentionDays: 30, rawBytesPerEvent: 42, … }).after.totalUsd;
 */
export function compactionCostPerMillion(inputs: CompactionCostInputs): {
  before: CompactionCost;
  after: CompactionCost;
} {
  const gbMonths = (bytesPerEvent: number, months: number) => ((MILLION * bytesPerEvent) / 1e9) * months;
  const scanUsd = (bytesPerLoad: number) => {
    const perQuery = Math.max(ATHENA_MIN_BYTES_PER_QUERY, bytesPerLoad / inputs.queriesPerLoad);
    return (
      ((perQuery * inputs.queriesPerLoad) / 1e12) * ATHENA_USD_PER_TB_SCANNED * DASHBOARD_LOADS_PER_MONTH
    );
  };
  const getsUsd = (objectsPerEvent: number) =>
    MILLION * objectsPerEvent * S3_USD_PER_GET * DASHBOARD_LOADS_PER_MONTH;
  const total = (cost: Omit<CompactionCost, 'totalUsd'>): CompactionCost => ({
    ...cost,
    totalUsd: cost.storageUsd + cost.dashboardScanUsd + cost.dashboardGetsUsd + cost.compactionUsd,
  });
  const compactionRuns = 30;
  const compactionScanBytes = 2 * MILLION * inputs.rawBytesPerEvent;
  const compactionUsd =
    (Math.max(compactionRuns * ATHENA_MIN_BYTES_PER_QUERY, compactionScanBytes) / 1e12) *
      ATHENA_USD_PER_TB_SCANNED +
    2 * MILLION * inputs.rawObjectsPerEvent * S3_USD_PER_GET +
    compactionRuns * (S3_USD_PER_PUT * 2 + LAMBDA_USD_PER_REQUEST) +
    compactionRuns * 900 * (256 / 1024) * LAMBDA_ARM_USD_PER_GB_SECOND;
  return {
    before: total({
      storageUsd: gbMonths(inputs.rawBytesPerEvent, STORAGE_MONTHS) * S3_USD_PER_GB_MONTH,
      dashboardScanUsd: scanUsd(MILLION * inputs.loadBytesPerEvent.before),
      dashboardGetsUsd: getsUsd(inputs.loadObjectsPerEvent.before),
      compactionUsd: 0,
    }),
    after: total({
      storageUsd:
        (gbMonths(inputs.rawBytesPerEvent, inputs.rawRetentionDays / 30) +
          gbMonths(inputs.parquetBytesPerEvent, STORAGE_MONTHS)) *
        S3_USD_PER_GB_MONTH,
      dashboardScanUsd: scanUsd(MILLION * inputs.loadBytesPerEvent.after),
      dashboardGetsUsd: getsUsd(inputs.loadObjectsPerEvent.after),
      compactionUsd,
    }),
  };
}
