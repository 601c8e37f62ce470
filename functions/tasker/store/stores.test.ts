import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { taskStoreContract } from './task-store.contract';
import { priceStoreContract } from './price-store.contract';
import { userReplicaStoreContract } from './user-replica-store.contract';
import { assigneeDirectoryContract } from './assignee-directory.contract';
import { shuffleJobStoreContract } from './shuffle-job-store.contract';
import { shuffleLaneStoreContract } from './shuffle-lane-store.contract';
import { shuffleMoveStoreContract } from './shuffle-move-store.contract';

/** Every store port's contract on the in-memory adapters (the other adapter runs the same cases). */
describe('the task store in memory', () => taskStoreContract(memorySetup));
describe('the price store in memory', () => priceStoreContract(memorySetup));
describe('the user replica store in memory', () => userReplicaStoreContract(memorySetup));
describe('the assignee directory in memory', () => assigneeDirectoryContract(memorySetup));
describe('the shuffle job store in memory', () => shuffleJobStoreContract(memorySetup));
describe('the shuffle lane store in memory', () => shuffleLaneStoreContract(memorySetup));
describe('the shuffle move store in memory', () => shuffleMoveStoreContract(memorySetup));
