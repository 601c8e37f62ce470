import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { shuffleJobStoreContract } from './shuffle-job-store.contract';

describe('the shuffle job store on DynamoDB', () => shuffleJobStoreContract(dynamoSetup()));
