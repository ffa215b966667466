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
