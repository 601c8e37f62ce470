import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  /** What the last load threw (an ApiError says its status), for pages that tell 403 from 404. */
  failure: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change (and on `reload()`); an answer to an older request never
 * overwrites a newer one. Errors come back in words for the page to show.
 */
export function useApi<T>(load: (() => Promise<T>) | null, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(load !== null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (!load) {
      setData(undefined);
      setLoading(false);
      return;
    }
    const request = ++latest.current;
    setLoading(true);
    setError(null);
    setFailure(null);
    load().then(
      (value) => {
        if (request !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latest.current) return;
        setError(describeError(failure));
        setFailure(failure);
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, failure, loading, reload };
}

/**
 * Polls `check` every `everyMs` until it returns true or fails; stops when the component goes.
 */
export function poll(
  check: () => Promise<boolean>,
  everyMs: number,
  onError: (e: unknown) => void,
) {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    try {
      if ((await check()) || stopped) return;
    } catch (error) {
      if (!stopped) onError(error);
      return;
    }
    timer = setTimeout(tick, everyMs);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export interface Paged<P, T> extends Loaded<P> {
  /** Every item of the first page and of each page loaded since. */
  items: T[];
  /** Set when there is a further page. */
  hasMore: boolean;
  /** 'loading', or what went wrong loading the next page; null when idle. */
  moreState: string | null;
  loadMore: () => void;
}

/**
 * A list read a page at a time: the first page when `deps` change, each further one on
 * `loadMore()` with the cursor the previous page handed out.
 */
export function usePaged<P extends { next_cursor?: string | null }, T>(
  loadPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[],
  deps: unknown[],
): Paged<P, T> {
  const first = useApi(() => loadPage(undefined), deps);
  const [extra, setExtra] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreState, setMoreState] = useState<string | null>(null);
  useEffect(() => {
    setExtra([]);
    setMoreState(null);
    setCursor(first.data?.next_cursor ?? null);
  }, [first.data]);
  const loadMore = async () => {
    if (!cursor) return;
    setMoreState('loading');
    try {
      const page = await loadPage(cursor);
      setExtra((items) => [...items, ...itemsOf(page)]);
      setCursor(page.next_cursor ?? null);
      setMoreState(null);
    } catch (failure) {
      setMoreState(describeError(failure));
    }
  };
  const items = first.data ? [...itemsOf(first.data), ...extra] : [];
  return { ...first, items, hasMore: cursor !== null, moreState, loadMore };
}
