import * as z from 'zod';
import { httpHandler } from '#shared/http/handler';
import { analyticsService } from '../service';
import { readDashboard } from '../use-cases/dashboard';
import { analyticsDeps } from '../wiring';

const query = z.object({ date: z.string().optional() });

/** GET /analytics/dashboard?date= · admins · 200, 400 bad date, 401, 403, 422 future date. */
export const handler = httpHandler(
  analyticsService.routes.dashboard,
  { query },
  async (request) => ({
    status: 200,
    body: await readDashboard(analyticsDeps(), request.query),
  }),
);
