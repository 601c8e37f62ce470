import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { shuffleLaneStoreContract } from './shuffle-lane-store.contract';

describe('the shuffle lane store on DynamoDB', () => shuffleLaneStoreContract(dynamoSetup()));
