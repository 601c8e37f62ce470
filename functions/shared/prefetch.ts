/**
 * A read started now and awaited later, so that it overlaps other work (the commit before it).
 * When that work fails first, nobody awaits the read: its rejection is marked handled here, so
 * it cannot end the process as an unhandled rejection, and whoever does await it still sees it.
 */
export function prefetch<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}
