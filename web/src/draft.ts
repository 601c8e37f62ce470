import { useEffect, useState } from 'preact/hooks';

/**
 * A form field's value that outlives its page: kept in sessionStorage (this tab only), so a
 * session that runs out, a reload or a sign-in in between does not lose what was typed. The
 * form clears it once the API has accepted it.
 */
export function useDraft(key: string): [string, (value: string) => void] {
  const storageKey = `ates.draft.${key}`;
  const [value, setValue] = useState(() => sessionStorage.getItem(storageKey) ?? '');
  useEffect(() => {
    if (value) sessionStorage.setItem(storageKey, value);
    else sessionStorage.removeItem(storageKey);
  }, [storageKey, value]);
  return [value, setValue];
}
