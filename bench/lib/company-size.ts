/**
 * How large a company the bench's lifecycles run at. The demo company (8 people, 6 who take
 * tasks) puts every fee and reward of a run on a handful of accounts, so concurrent consumer
 * batches keep meeting on one and a share of the movements is refused and retried: the
 * hot-account worst case, not the product's cost. The bench therefore hires workers first.
 */

/**
 * Workers hired beyond the demo company unless `--workers` says otherwise, for quick and full
 * runs alike (so the two stay comparable). At 100 the five batches a consumer has in flight
 * meet on one account about one movement in twenty-five (4 other movements / 106 accounts),
 * against about four in six on the demo company, and hiring and signing them in stays well
 * under a minute of scrypt on two cores: still a small company (docs/performance.md, "The
 * company a lifecycle is measured at").
 */
export const DEFAULT_HIRED_WORKERS = 100;

/**
 * The hires are each a sign-up (scrypt) and a sign-in (scrypt again), run before the phases;
 * beyond this the bench would spend its time hashing passwords, not running lifecycles.
 */
export const MAX_HIRED_WORKERS = 5_000;

/**
 * The `--workers` option: a whole number from 0 (the demo company alone, the hot-account
 * figure) to MAX_HIRED_WORKERS; absent, the default. Anything else is refused with the reason,
 * rather than read as 0 or NaN and measured at a company nobody asked for.
 */
export function hiredWorkersOf(option: string | undefined): number {
  if (option === undefined) return DEFAULT_HIRED_WORKERS;
  const text = option.trim();
  if (!/^\d+$/.test(text))
    throw new Error(`--workers must be a whole number of workers to hire, not '${option}'`);
  const workers = Number(text);
  if (workers > MAX_HIRED_WORKERS)
    throw new Error(`--workers ${workers} is more than the bench hires (${MAX_HIRED_WORKERS})`);
  return workers;
}
