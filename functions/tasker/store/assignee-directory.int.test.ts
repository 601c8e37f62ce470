import { describe } from 'vitest';
import { dynamoSetup } from '../test-support/contract';
import { assigneeDirectoryContract } from './assignee-directory.contract';

describe('the assignee directory on DynamoDB', () => assigneeDirectoryContract(dynamoSetup()));
