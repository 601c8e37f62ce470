import { taskerService } from '../service';
import { listAssignablePeople } from '../use-cases/list-people';
import { taskerDeps, taskerHttp } from '../wiring';
import { noQuery } from './schemas';

/** GET /tasks/people · manager, admin · 200 `{people: [{id, name}]}`; 403 anyone else. */
export const handler = taskerHttp(
  taskerService.routes.listPeople,
  { query: noQuery },
  async () => ({
    status: 200,
    body: await listAssignablePeople(taskerDeps()),
  }),
);
