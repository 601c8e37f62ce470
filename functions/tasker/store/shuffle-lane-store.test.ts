import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { shuffleLaneStoreContract } from './shuffle-lane-store.contract';

describe('the shuffle lane store in memory', () => shuffleLaneStoreContract(memorySetup));
