/**
 * Every key of Tasker's table, in one place.
 *  - task           TASK#<id> / TASK      gsi1: ASSIGNEE#<user> / <status>#<created_at>#<id>
 *                                         gsi2: STATUS#<status> / <created_at>#<id>
 *  - price          TASK#<id> / PRICE     beside its task, so a price that arrives first waits there
 *  - user replica   USER#<id> / USER
 *  - assignable set ASSIGNABLE_USERS / SET   one string set: one read samples the whole pool
 *  - shuffle job    SHUFFLE#<job> / JOB
 *  - shuffle lane   SHUFFLE_LANE / LANE   the running job and the queue behind it
 */
export const keys = {
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' }),
  price: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'PRICE' }),
  user: (id: string) => ({ pk: `USER#${id}`, sk: 'USER' }),
  assignableSet: () => ({ pk: 'ASSIGNABLE_USERS', sk: 'SET' }),
  shuffleJob: (jobId: string) => ({ pk: `SHUFFLE#${jobId}`, sk: 'JOB' }),
  shuffleLane: () => ({ pk: 'SHUFFLE_LANE', sk: 'LANE' }),
};

export const byAssigneeIndex = {
  name: 'gsi1',
  pk: (assigneeId: string) => `ASSIGNEE#${assigneeId}`,
  sk: (status: string, createdAt: string, id: string) => `${status}#${createdAt}#${id}`,
};

export const byStatusIndex = {
  name: 'gsi2',
  pk: (status: string) => `STATUS#${status}`,
  sk: (createdAt: string, id: string) => `${createdAt}#${id}`,
};
