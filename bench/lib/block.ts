/** What every benchmark block returns: named figures, and the rows it prints. */
export interface BlockResult {
  block: string;
  /** Flat figures for bench/results/latest.json: `reshuffle.1000.tasks_per_s` style keys. */
  figures: Record<string, number>;
  /** Lines for the printed report. */
  lines: string[];
}

export interface BlockOptions {
  quick: boolean;
  /** Item writes per second of the shaped floor, when the floor block ran first. */
  floor?: Record<string, number>;
  /** An `ATES_FAULTS` list for the block's cloud (`ondemand=1`: AWS's on-demand limits). */
  faults?: string;
}

export type Block = (options: BlockOptions) => Promise<BlockResult>;
