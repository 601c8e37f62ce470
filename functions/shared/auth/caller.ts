import * as z from 'zod';
import { publicId, roleSchema } from '#events';

/** Who is calling, as the token's claims say. */
export const callerClaims = z.object({
  sub: publicId,
  role: roleSchema,
  email: z.string(),
  name: z.string(),
});

export interface Caller {
  id: string;
  role: z.infer<typeof roleSchema>;
  email: string;
  name: string;
}
