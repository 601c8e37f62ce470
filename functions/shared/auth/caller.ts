import * as z from '#events/zod';
import { publicId, revision, roleSchema } from '#events';

/** Who is calling, as the token's claims say. */
export const callerClaims = z.object({
  sub: publicId,
  role: roleSchema,
  email: z.string(),
  name: z.string(),
  /** The user's revision when the token was issued: replicas at or past it can revoke it. */
  rev: revision,
  /** When the password was last checked (epoch seconds): a refresh never extends it. */
  auth_time: z.number().check(z.int(), z.positive()),
});

export interface Caller {
  id: string;
  role: z.infer<typeof roleSchema>;
  email: string;
  name: string;
  revision: number;
  /** Epoch seconds of the sign-in this token descends from. */
  authTime: number;
}
