import * as z from './zod';
import { contractKey, type EventContract } from './contract';
import { accountFinedV1 } from './accounting/account.fined.v1';
import { accountPaidV1 } from './accounting/account.paid.v1';
import { closeChunkRequestedV1 } from './accounting/accounting.close_chunk_requested.v1';
import { closeRequestedV1 } from './accounting/accounting.close_requested.v1';
import { payoutMailsRequestedV1 } from './accounting/accounting.payout_mails_requested.v1';
import { accountRewardedV1 } from './accounting/account.rewarded.v1';
import { taskPricedV1 } from './accounting/task.priced.v1';
import { userBalanceChangedV1 } from './accounting/user.balance_changed.v1';
import { signingKeyPublishedV1 } from './auth/auth.signing_key.published.v1';
import { userAuthorizedV1 } from './auth/user.authorized.v1';
import { userCreatedV1 } from './auth/user.created.v1';
import { userDeletedV1 } from './auth/user.deleted.v1';
import { userDeniedV1 } from './auth/user.denied.v1';
import { userRoleChangedV1 } from './auth/user.role_changed.v1';
import { userUpdatedV1 } from './auth/user.updated.v1';
import { taskAssignedV1 } from './tasker/task.assigned.v1';
import { taskCompletedV1 } from './tasker/task.completed.v1';
import { taskCreatedV1 } from './tasker/task.created.v1';
import { taskCreatedV2 } from './tasker/task.created.v2';
import { shuffleChunkRequestedV1 } from './tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from './tasker/tasker.shuffle_requested.v1';

/** Every event version still in circulation. A version missing here is refused, not dropped. */
export const ALL_CONTRACTS: readonly EventContract[] = [
  userCreatedV1,
  userUpdatedV1,
  userRoleChangedV1,
  userDeletedV1,
  userAuthorizedV1,
  userDeniedV1,
  signingKeyPublishedV1,
  taskCreatedV1,
  taskCreatedV2,
  taskAssignedV1,
  taskCompletedV1,
  shuffleRequestedV1,
  shuffleChunkRequestedV1,
  taskPricedV1,
  accountFinedV1,
  accountRewardedV1,
  accountPaidV1,
  userBalanceChangedV1,
  closeRequestedV1,
  closeChunkRequestedV1,
  payoutMailsRequestedV1,
];

const byKey = new Map(ALL_CONTRACTS.map((c) => [contractKey(c.name, c.version), c]));
if (byKey.size !== ALL_CONTRACTS.length)
  throw new Error('two event contracts share a name and version');

export class UnknownEventError extends Error {
  constructor(name: string, version: number) {
    super(`no contract is registered for ${contractKey(name, version)}`);
    this.name = 'UnknownEventError';
  }
}

export function findContract(name: string, version: number): EventContract {
  const contract = byKey.get(contractKey(name, version));
  if (!contract) throw new UnknownEventError(name, version);
  return contract;
}

/** Names of every registered event one domain produces (for rules and the catalog). */
export const eventNamesOf = (producer: EventContract['producer']) => [
  ...new Set(ALL_CONTRACTS.filter((c) => c.producer === producer).map((c) => c.name)),
];

/**
 * JSON Schema of one event version's `data`, for the catalog and the EventBridge Schema Registry.
 * The catalog uses the default draft; the registry accepts only draft-04 (`JSONSchemaDraft4`).
 */
export const jsonSchemaOf = (
  contract: EventContract,
  target: 'draft-2020-12' | 'draft-04' = 'draft-2020-12',
) => z.toJSONSchema(contract.schema, { io: 'input', unrepresentable: 'any', target });
