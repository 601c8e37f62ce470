import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatCents } from '../format';

/** Dollars and cents; a negative amount is red and carries a minus sign (colour is not enough). */
export function Money({ cents }: { cents: number | null | undefined }) {
  if (cents === null || cents === undefined) return <span class="muted">—</span>;
  return <span class={cents < 0 ? 'money negative' : 'money'}>{formatCents(cents)}</span>;
}

/** A failure in words; with `onRetry`, a button to ask again (a 500 or a lost connection). */
export function ErrorMessage({
  error,
  onRetry,
}: {
  error: string | null | undefined;
  onRetry?: () => void;
}) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
      {onRetry && (
        <>
          {' '}
          <button type="button" class="secondary retry" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </p>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

/** The page's heading, focused on arrival so keyboard and screen-reader users start there. */
export function PageHeading({ title }: { title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · aTES`;
    ref.current?.focus();
  }, [title]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {title}
    </h1>
  );
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}

/** A label, the input, and the API's message about it right below (linked for screen readers). */
export function Field({ id, label, error, hint, children }: FieldProps) {
  // The error replaces the hint rather than repeating it ("at least 8 characters" twice).
  const showHint = hint && !error;
  const describedBy =
    [error ? `${id}-error` : null, showHint ? `${id}-hint` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(describedBy, Boolean(error))}
      {showHint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

interface ProgressProps {
  label: string;
  value: number;
  /** Null while the job has not counted its work yet. */
  max: number | null;
  /** What is counted: "accounts", "tasks". */
  unit: string;
}

export function ProgressBar({ label, value, max, unit }: ProgressProps) {
  if (!max)
    return (
      <div class="progress">
        <progress aria-label={label} />
        <span>counting {unit}…</span>
      </div>
    );
  return (
    <div class="progress">
      <progress value={value} max={max} aria-label={label} />
      <span>
        {value} of {max} {unit}
      </span>
    </div>
  );
}
