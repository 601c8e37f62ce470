import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { SERVICES } from '../../functions/services';
import { tableNameOf } from '../../local/tables';

/**
 * Runs before each test file is imported: the AWS SDK talks to the shared DynamoDB Local, and
 * this file's tables get a prefix of their own so files run in parallel without meeting.
 */
const prefix = `t${randomBytes(4).toString('hex')}-`;
process.env.ATES_TABLE_PREFIX = prefix;
process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
process.env.EVENT_BUS_NAME = 'ates-test';
for (const service of SERVICES) process.env[service.table.envVar] = tableNameOf(prefix, service);
