import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { userReplicaStoreContract } from './user-replica-store.contract';

describe('the user replica store on DynamoDB', () => userReplicaStoreContract(dynamoSetup()));
