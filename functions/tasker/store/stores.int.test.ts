import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { taskStoreContract } from './task-store.contract';
import { priceStoreContract } from './price-store.contract';
import { userReplicaStoreContract } from './user-replica-store.contract';
import { assigneeDirectoryContract } from './assignee-directory.contract';
import { shuffleJobStoreContract } from './shuffle-job-store.contract';
import { shuffleLaneStoreContract } from './shuffle-lane-store.contract';
import { shuffleMoveStoreContract } from './shuffle-move-store.contract';

/** Every store port's contract on DynamoDB Local, in one file so the tables are made once (the other adapter runs the same cases). */
describe('the task store on DynamoDB', () => taskStoreContract(dynamoSetup()));
describe('the price store on DynamoDB', () => priceStoreContract(dynamoSetup()));
describe('the user replica store on DynamoDB', () => userReplicaStoreContract(dynamoSetup()));
describe('the assignee directory on DynamoDB', () => assigneeDirectoryContract(dynamoSetup()));
describe('the shuffle job store on DynamoDB', () => shuffleJobStoreContract(dynamoSetup()));
describe('the shuffle lane store on DynamoDB', () => shuffleLaneStoreContract(dynamoSetup()));
describe('the shuffle move store on DynamoDB', () => shuffleMoveStoreContract(dynamoSetup()));
