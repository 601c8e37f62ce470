import * as z from '#events/zod';
import { roleSchema } from '#events';
import { boundedString, plainText } from '#shared/validation';

/**
 * The input rules of Auth's commands, one schema each. Objects are strict: a field we do not
 * know is refused rather than ignored, so a typo (`rol`) cannot silently do nothing. Lengths
 * count code points, and names refuse control characters and bidi overrides (`#shared/validation`).
 */
export const emailField = z
  .email('must be an e-mail address like kiwi@uberpopug.test')
  .check(z.maxLength(254));
export const nameField = plainText({ min: 1, max: 100 });
/** The upper bound only keeps one request from feeding megabytes into the KDF. */
export const passwordField = boundedString({ min: 8, max: 1024 });

export const createUserInput = z.strictObject({
  email: emailField,
  name: nameField,
  role: roleSchema,
  password: passwordField,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

/**
 * `active: true` reactivates a deactivated account (deactivating is `DELETE`). Renaming or
 * re-roling a deactivated account is refused unless the same request reactivates it.
 */
export const updateUserInput = z
  .strictObject({
    name: z.optional(nameField),
    role: z.optional(roleSchema),
    active: z.optional(z.literal(true, 'may only be true (to deactivate, DELETE the user)')),
  })
  .check(
    z.refine(
      (input) => input.name !== undefined || input.role !== undefined || input.active !== undefined,
      { message: 'send at least one of name, role, active' },
    ),
  );
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/**
 * Sign-in is deliberately lax about the e-mail's shape: a typo is just a failed sign-in (401,
 * counted towards the lockout), not a hint about which addresses exist.
 */
export const loginInput = z.strictObject({
  email: boundedString({ min: 1, max: 320 }),
  password: boundedString({ min: 1, max: 1024 }),
});
export type LoginInput = z.infer<typeof loginInput>;
