import { describe } from 'vitest';
import { memoryAccountingDeps } from './memory/deps';
import { mailLogContract } from './mail-log.contract';

describe('the mail-log port in memory', () => {
  const { deps } = memoryAccountingDeps();
  mailLogContract(() => deps);
});
