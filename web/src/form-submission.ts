import { useState } from 'preact/hooks';
import { ApiError, describeError } from './api';

/**
 * One form's sending to the API: busy while it goes, each refused field's message beside its
 * field (`error.fields`), any other failure once at the bottom, and what `send` says on success.
 */
export function useFormSubmission() {
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  /** A submit handler: `send` calls the API and returns the message to show when it worked. */
  const submitWith = (send: () => Promise<string>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFields({});
    setError(null);
    setDone(null);
    try {
      setDone(await send());
    } catch (failure) {
      const byField = failure instanceof ApiError ? failure.fields : {};
      setFields({ ...byField });
      // A message that sits next to its field is not repeated at the bottom of the form.
      if (Object.keys(byField).length === 0) setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return { busy, fields, error, done, submitWith };
}
