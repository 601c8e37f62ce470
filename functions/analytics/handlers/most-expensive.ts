import * as z from 'zod';
import { httpHandler } from '#shared/http/handler';
import { PERIODS } from '../domain/period';
import { analyticsService } from '../service';
import { readMostExpensive } from '../use-cases/most-expensive';
import { analyticsDeps } from '../wiring';

const query = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  period: z.enum(PERIODS).optional(),
  date: z.string().optional(),
});

/**
 * GET /analytics/most-expensive?from=&to= | ?period=day|week|month&date= · admins · 200,
 * 400 bad date / unknown period / mixed forms, 401, 403, 422 reversed or > 366-day range.
 */
export const handler = httpHandler(
  analyticsService.routes.mostExpensive,
  { query },
  async (request) => ({
    status: 200,
    body: await readMostExpensive(analyticsDeps(), request.query),
  }),
);
