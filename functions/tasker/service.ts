import { AUTH_REPLICA_EVENTS } from '#shared/auth/auth-replica-events';
import { defineService, domainTable } from '#shared/declaration';

const dir = 'functions/tasker/handlers';

export const taskerService = defineService({
  domain: 'tasker',
  table: domainTable('TASKER_TABLE', ['gsi1', 'gsi2']),
  routes: {
    createTask: {
      method: 'POST',
      path: '/tasks',
      handler: `${dir}/create-task.ts`,
      access: 'signed-in',
      summary: 'Create a task; it is assigned at once to a random assignable employee.',
    },
    listTasks: {
      method: 'GET',
      path: '/tasks',
      handler: `${dir}/list-tasks.ts`,
      access: 'signed-in',
      summary: 'Own tasks; managers and admins may list everyone’s.',
    },
    getTask: {
      method: 'GET',
      path: '/tasks/{id}',
      handler: `${dir}/get-task.ts`,
      access: 'signed-in',
      summary: 'One task.',
    },
    completeTask: {
      method: 'POST',
      path: '/tasks/{id}/complete',
      handler: `${dir}/complete-task.ts`,
      access: 'signed-in',
      summary: 'The assignee marks the task completed; anyone else gets 403, whatever its state.',
    },
    shuffle: {
      method: 'POST',
      path: '/tasks/shuffle',
      handler: `${dir}/shuffle.ts`,
      access: ['manager', 'admin'],
      summary:
        'Reassign every open task to a random assignable employee (202 with a job id). ' +
        'A press while another press is queued and not started joins that job (the same job id in the 202); ' +
        'a press while one runs queues one more.',
    },
    listPeople: {
      method: 'GET',
      path: '/tasks/people',
      handler: `${dir}/list-people.ts`,
      access: ['manager', 'admin'],
      summary:
        'Everyone who may be given a task now, by name (id and name only): the assignee filter of a manager’s list.',
    },
    shuffleStatus: {
      method: 'GET',
      path: '/tasks/shuffles/{id}',
      handler: `${dir}/shuffle-status.ts`,
      access: ['manager', 'admin'],
      summary: 'Progress of a reshuffle job; a failed job says why.',
    },
  },
  consumer: {
    handler: `${dir}/on-event.ts`,
    subscriptions: [
      {
        source: 'auth',
        events: AUTH_REPLICA_EVENTS,
      },
      { source: 'accounting', events: ['task.priced'] },
      // Tasker's own internal events: a reshuffle runs as a chain of chunk messages.
      {
        source: 'tasker',
        events: ['tasker.shuffle_requested', 'tasker.shuffle_chunk_requested'],
      },
    ],
    batchSize: 10,
    // Five: its writes race on nothing (no refused transaction in the bench), and a reshuffle's
    // chunks move side by side (docs/operations.md, "Concurrency").
    maxConcurrency: 5,
    maxReceiveCount: 5,
    // A batch may hold several reshuffle chunks (about a second each on a cold table).
    timeoutSeconds: 60,
  },
});
