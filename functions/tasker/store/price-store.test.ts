import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { priceStoreContract } from './price-store.contract';

describe('the price store in memory', () => priceStoreContract(memorySetup));
