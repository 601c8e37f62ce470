import { taskerService } from '../service';
import { listAssignablePeople } from '../use-cases/list-people';
import { taskerDeps, taskerHttpHandler } from '../wiring';

/** GET /tasks/people · manager, admin · 200 `{people: [{id, name}]}`; 403 anyone else. */
export const handler = taskerHttpHandler()(taskerService.routes.listPeople, {}, async () => ({
  status: 200,
  body: await listAssignablePeople(taskerDeps()),
}));
