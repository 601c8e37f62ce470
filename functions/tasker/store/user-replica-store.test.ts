import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { userReplicaStoreContract } from './user-replica-store.contract';

describe('the user replica store in memory', () => userReplicaStoreContract(memorySetup));
