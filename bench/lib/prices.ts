/**
 * Public on-demand prices, us-east-1, in US dollars, for the cost model of the `cost` block.
 *
 * The list's date: the prices AWS published after the DynamoDB on-demand reduction of
 * 1 November 2024 (on-demand throughput halved). Written down on 2026-11-26 from that list and
 * not re-checked against AWS's pages since: before quoting a figure, compare with
 * https://aws.amazon.com/<service>/pricing/. Free tiers are left out (a bill at scale).
 */
export const PRICE_LIST_DATE = 'November 2024, after the 1 Nov 2024 DynamoDB on-demand reduction';

export const PRICES = {
  /** DynamoDB on-demand: per write request unit (1 KB written; 2 units per item in a transaction). */
  dynamoWriteUnit: 0.625 / 1e6,
  /** DynamoDB on-demand: per read request unit (4 KB strongly consistent; half for eventual). */
  dynamoReadUnit: 0.125 / 1e6,
  /** EventBridge custom events: per PutEvents entry (each 64 KB chunk of it). */
  eventBridgeEvent: 1.0 / 1e6,
  /** SQS standard queue: per request (each 64 KB chunk of its payload). */
  sqsRequest: 0.4 / 1e6,
  /** Lambda: per invocation. */
  lambdaRequest: 0.2 / 1e6,
  /**
   * Lambda on Arm (Graviton), as infra deploys every function (`architecture: ARM_64` in
   * infra/constructs/domain-function.ts, pinned by infra's local-parity spec): per GB-second of
   * duration, first tier (x86 would be 0.0000166667).
   */
  lambdaGbSecond: 0.0000133334,
  /** API Gateway HTTP API: per request (first 300 million a month; 512 KB chunks). */
  httpApiRequest: 1.0 / 1e6,
  /** SES: per e-mail sent. */
  sesEmail: 0.1 / 1000,
} as const;

/** Lambda's memory when a declaration names none: infra/constructs/domain-function.ts DEFAULT_MEMORY_MB. */
export const DEFAULT_LAMBDA_MEMORY_MB = 128;
