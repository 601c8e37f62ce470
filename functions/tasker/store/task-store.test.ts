import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { taskStoreContract } from './task-store.contract';

describe('the task store in memory', () => taskStoreContract(memorySetup));
