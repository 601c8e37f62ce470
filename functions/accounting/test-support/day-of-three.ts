import { randomUUID } from 'node:crypto';
import { chargeAssignmentFee } from '../use-cases/charge-assignment-fee';
import { learnUser } from '../use-cases/learn-user';
import { payCompletionReward } from '../use-cases/pay-completion-reward';
import type { AccountingDeps } from '../domain/ports';
import { assignment, at, memoryAccountingDeps, reacted, workerSnapshot } from './memory';
import { RecordingMailer } from './recording-mailer';

/** Three popugs on the memory deps: one earned $15 net, one owes $15, one never moved. */
export async function dayOfThree() {
  const mailer = new RecordingMailer();
  const memory = memoryAccountingDeps({
    clock: () => new Date('2026-03-04T00:00:05.000Z'),
    mailer,
  });
  const { deps } = memory;
  const [earner, debtor, idle] = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of [earner, debtor, idle])
    await reacted(deps, (changes) => learnUser(deps, workerSnapshot(id), changes));
  for (const id of [earner, debtor]) {
    const task = randomUUID();
    await reacted(deps, (changes) => chargeAssignmentFee(deps, assignment(task, id), changes));
    if (id === earner)
      await reacted(deps, (changes) =>
        payCompletionReward(deps, { id: task, user_id: id, completed_at: at(10) }, changes),
      );
  }
  return { ...memory, mailer, earner, debtor, idle };
}

/** A popug hired on `deps` who paid one fee and earned one reward: $15 net to be paid out. */
export async function earnerOn(deps: AccountingDeps, id: string) {
  const task = randomUUID();
  await reacted(deps, (changes) => learnUser(deps, workerSnapshot(id), changes));
  await reacted(deps, (changes) => chargeAssignmentFee(deps, assignment(task, id), changes));
  await reacted(deps, (changes) =>
    payCompletionReward(deps, { id: task, user_id: id, completed_at: at(10) }, changes),
  );
}
