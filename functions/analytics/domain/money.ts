/** Money is whole cents everywhere in Analytics; dollars exist only on a screen. */
export type Cents = number & { readonly __brand: 'Cents' };

export function asCents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`cents must be a whole number: ${value}`);
  return value as Cents;
}
