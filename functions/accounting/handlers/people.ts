import { accountingService } from '../service';
import { listPeople } from '../use-cases/list-people';
import { accountingDeps, accountingHttp } from '../wiring';

/** GET /accounting/people · admin, accountant · 200 `{people: [{id, name, role, active}]}`, 403. */
export const handler = accountingHttp(accountingService.routes.people, {}, async () => ({
  status: 200,
  body: await listPeople(accountingDeps()),
}));
