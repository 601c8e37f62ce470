import { analyticsService } from '../service';
import { readEarningsDashboard } from '../use-cases/read-earnings-dashboard';
import { analyticsDeps, analyticsHttp } from '../wiring';
import { dashboardQuery } from './schemas';

/** GET /analytics/dashboard?date= · admins · 200, 400 bad date or unknown parameter, 401, 403, 422 future date. */
export const handler = analyticsHttp(
  analyticsService.routes.dashboard,
  { query: dashboardQuery },
  async (request) => ({
    status: 200,
    body: await readEarningsDashboard(analyticsDeps(), request.query),
  }),
);
