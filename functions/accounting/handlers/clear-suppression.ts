import * as z from '#events/zod';
import { accountingService } from '../service';
import { clearSuppression } from '../use-cases/clear-suppression';
import { accountingDeps, accountingHttp } from '../wiring';

const params = z.strictObject({
  email: z.email('must be an e-mail address like kiwi@uberpopug.test').check(z.maxLength(254)),
});

/**
 * DELETE /accounting/suppressions/{email} · admin · 200 the cleared suppression, 400 not an
 * address, 403, 404 not suppressed.
 */
export const handler = accountingHttp(
  accountingService.routes.clearSuppression,
  { params },
  async ({ params, caller, correlationId }) => ({
    status: 200,
    body: await clearSuppression(
      accountingDeps(),
      { email: params.email, clearedBy: caller.id },
      { correlationId },
    ),
  }),
);
