import { describe } from 'vitest';
import { memorySetup } from '../test-support/contract';
import { assigneeDirectoryContract } from './assignee-directory.contract';

describe('the assignee directory in memory', () => assigneeDirectoryContract(memorySetup));
