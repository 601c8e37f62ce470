import * as z from 'zod';
import { roleSchema } from '#events';

/**
 * The input rules of Auth's commands, one schema each. Objects are strict: a field we do not
 * know is refused rather than ignored, so a typo (`rol`) cannot silently do nothing.
 */
export const emailField = z.email('must be an e-mail address like kiwi@uberpopug.test').max(254);
export const nameField = z.string().trim().min(1, 'must not be empty').max(100);
/** The upper bound only keeps one request from feeding megabytes into the KDF. */
export const passwordField = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(1024, 'must be at most 1024 characters');

export const createUserInput = z.strictObject({
  email: emailField,
  name: nameField,
  role: roleSchema,
  password: passwordField,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z
  .strictObject({ name: nameField.optional(), role: roleSchema.optional() })
  .refine((input) => input.name !== undefined || input.role !== undefined, {
    message: 'send at least one of name, role',
  });
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/**
 * Sign-in is deliberately lax about the e-mail's shape: a typo is just a failed sign-in (401,
 * counted towards the lockout), not a hint about which addresses exist.
 */
export const loginInput = z.strictObject({
  email: z.string().min(1, 'must not be empty').max(320),
  password: z.string().min(1, 'must not be empty').max(1024),
});
export type LoginInput = z.infer<typeof loginInput>;
