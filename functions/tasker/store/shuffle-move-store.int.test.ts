import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { shuffleMoveStoreContract } from './shuffle-move-store.contract';

describe('the shuffle move store on DynamoDB', () => shuffleMoveStoreContract(dynamoSetup()));
