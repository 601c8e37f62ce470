import type { Paged } from '../use-api';
import { ErrorMessage } from './ui';

/** The button under a paged list, and what went wrong loading its next page. */
export function LoadMore({ list, label }: { list: Paged<unknown, unknown>; label: string }) {
  return (
    <>
      {list.hasMore && (
        <button type="button" onClick={list.loadMore} disabled={list.moreState === 'loading'}>
          {list.moreState === 'loading' ? 'Loading…' : label}
        </button>
      )}
      {list.moreState && list.moreState !== 'loading' && <ErrorMessage error={list.moreState} />}
    </>
  );
}
