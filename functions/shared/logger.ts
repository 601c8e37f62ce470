import { Logger } from '@aws-lambda-powertools/logger';
import { mapStackTracesOnDemand } from './source-mapped-stacks';

// Every function imports the logger, and its logs are where stack traces are read: from here on
// a stack names the TypeScript sources, the source map read only when the first one is printed.
mapStackTracesOnDemand();

/** Structured JSON logs; the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'ates' });
