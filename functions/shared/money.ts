/**
 * Money is a whole number of cents, branded so a plain number (a count, a revision, dollars)
 * cannot be passed where an amount is expected. Divide only to format for people.
 */
export type Cents = number & { readonly __brand: 'Cents' };

export class NotCentsError extends Error {
  constructor(value: unknown) {
    super(`${String(value)} is not a whole number of cents`);
    this.name = 'NotCentsError';
  }
}

/** The one door into Cents: refuses fractions, NaN and unsafe integers. */
export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new NotCentsError(value);
  return value as Cents;
}

export const ZERO = cents(0);

export const addCents = (a: Cents, b: Cents): Cents => cents(a + b);
export const negate = (a: Cents): Cents => cents(-a);
export const sumCents = (amounts: readonly Cents[]): Cents => amounts.reduce(addCents, ZERO);

/** `$12.30`, `-$5.00`: for e-mails and logs, never for arithmetic. */
export function formatDollars(amount: Cents): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
