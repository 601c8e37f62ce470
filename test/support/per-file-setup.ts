import { randomBytes } from 'node:crypto';
import { SERVICES } from '../../functions/services';
import { tableNameOf } from '../../local/tables';
import { dynamoEndpointOfThisFile } from './dynamo-endpoint';

/**
 * Runs before each test file is imported: the AWS SDK talks to this file's DynamoDB Local (one of
 * the run's engines), and its tables get a prefix of their own so files never meet.
 */
const prefix = `t${randomBytes(4).toString('hex')}-`;
process.env.ATES_TABLE_PREFIX = prefix;
process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpointOfThisFile();
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
process.env.EVENT_BUS_NAME = 'ates-test';
for (const service of SERVICES) process.env[service.table.envVar] = tableNameOf(prefix, service);
