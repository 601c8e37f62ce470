import type { components, paths } from './openapi';

/**
 * The API's answers by the names the pages use, each taken from docs/openapi.json through the
 * generated web/src/openapi.d.ts (`npm run web:types`), so the web app cannot drift from the
 * document the API is checked against (test/openapi.test.ts).
 */
type Schemas = components['schemas'];

/** The JSON body a route answers with `status`. */
type Answer<
  Path extends keyof paths,
  Method extends keyof paths[Path],
  Status extends number,
> = paths[Path][Method] extends { responses: Record<Status, { content: infer Content }> }
  ? Content extends { 'application/json': infer Body }
    ? Body
    : never
  : never;

export type Role = Schemas['Role'];
export type User = Schemas['User'];

export type Task = Schemas['Task'];
export type TaskPage = Answer<'/tasks', 'get', 200>;
/** A task in a list, with its assignee's name as Tasker knows it (null until it has heard of them). */
export type ListedTask = TaskPage['tasks'][number];
/** `GET /tasks/{id}`: the task as Tasker knows it, its assignee by name. */
export type TaskDetail = Answer<'/tasks/{id}', 'get', 200>;
export type ShuffleJob = Schemas['ShuffleJob'];

export type AuditLog = Schemas['AccountDay'];
export type LedgerEntry = AuditLog['entries'][number];
export type AccountingDashboard = Answer<'/accounting/dashboard', 'get', 200>;
export type CloseProgress = Schemas['Close'];
export type ClosedDay = Schemas['ClosedDay'];
/** `GET /accounting/closes`: closed days newest first, and the day a close would pay now. */
export type ClosesPage = Answer<'/accounting/closes', 'get', 200>;
/** `GET /accounting/tasks/{id}`: the task's price and its money history, a page at a time. */
export type TaskHistory = Schemas['TaskHistory'];
export type TaskMovement = Schemas['TaskMovement'];

export type AnalyticsDashboard = Answer<'/analytics/dashboard', 'get', 200>;
export type MostExpensive = Answer<'/analytics/most-expensive', 'get', 200>;
export type ExpensiveTask = NonNullable<Schemas['TopTask']>;
