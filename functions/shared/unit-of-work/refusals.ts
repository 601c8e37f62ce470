import type { Refusal } from '#shared/refusal';

/**
 * A domain's one table from a guard's name to what the caller is told when it refuses a commit,
 * in the order refusals are reported when several guards failed at once ("you may not do this"
 * before "this may not be done"). A guard missing from the table is not the caller's business:
 * the use case handles it (reads again, picks again) or it is a fault.
 */
export type RefusalTable = Readonly<Record<string, () => Refusal>>;

/** The refusal of the first guard of the table among those that failed, if any. */
export function refusalFor(
  table: RefusalTable,
  failedGuards: readonly string[],
): Refusal | undefined {
  const guard = Object.keys(table).find((name) => failedGuards.includes(name));
  return guard === undefined ? undefined : table[guard]!();
}
