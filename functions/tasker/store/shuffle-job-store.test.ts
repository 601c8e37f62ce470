import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { shuffleJobStoreContract } from './shuffle-job-store.contract';

describe('the shuffle job store in memory', () => shuffleJobStoreContract(memorySetup));
