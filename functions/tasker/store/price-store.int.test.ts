import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { priceStoreContract } from './price-store.contract';

describe('the price store on DynamoDB', () => priceStoreContract(dynamoSetup()));
