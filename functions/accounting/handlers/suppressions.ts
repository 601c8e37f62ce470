import { accountingService } from '../service';
import { listSuppressions } from '../use-cases/list-suppressions';
import { accountingDeps, accountingHttp } from '../wiring';

/**
 * GET /accounting/suppressions · admin · 200 `{suppressions: [{email, reason, detail,
 * feedback_at, suppressed, cleared_at, cleared_by}]}` (the suppressed ones), 403.
 */
export const handler = accountingHttp(accountingService.routes.suppressions, {}, async () => ({
  status: 200,
  body: await listSuppressions(accountingDeps()),
}));
