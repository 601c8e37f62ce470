import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { shuffleMoveStoreContract } from './shuffle-move-store.contract';

describe('the shuffle move store in memory', () => shuffleMoveStoreContract(memorySetup));
