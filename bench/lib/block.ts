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
  /**
   * Workers hired beyond the demo company before a block runs lifecycles (`--workers`,
   * `company-size.ts`; absent, its default); 0 is the demo company alone. Blocks that run no
   * lifecycle ignore it.
   */
  workers?: number;
}

export type Block = (options: BlockOptions) => Promise<BlockResult>;
