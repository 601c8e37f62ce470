import { analyticsService } from '../service';
import { readMostExpensive } from '../use-cases/most-expensive';
import { analyticsDeps, analyticsHttp } from '../wiring';
import { mostExpensiveQuery } from './schemas';

/**
 * GET /analytics/most-expensive?from=&to= | ?period=day|week|month&date= · admins · 200,
 * 400 bad date / unknown period / mixed forms / unknown parameter, 401, 403, 422 reversed or
 * > 366-day range.
 */
export const handler = analyticsHttp(
  analyticsService.routes.mostExpensive,
  { query: mostExpensiveQuery },
  async (request) => ({
    status: 200,
    body: await readMostExpensive(analyticsDeps(), request.query),
  }),
);
