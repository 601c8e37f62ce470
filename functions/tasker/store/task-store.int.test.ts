import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { taskStoreContract } from './task-store.contract';

describe('the task store on DynamoDB', () => taskStoreContract(dynamoSetup()));
