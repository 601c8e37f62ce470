import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '#shared/logger';
import { addDays, businessDateOf } from '#shared/time/business-day';
import { requestClose } from '../use-cases/request-close';
import { accountingDeps } from '../wiring';

/**
 * Schedule `daily-close` · EventBridge Scheduler at 00:00 in the business time zone · closes the
 * day before the scheduled time (the event's `time`, not the clock: a retry after a delay still
 * closes the day it was meant for).
 */
export const handler = middy(async (event: ScheduledEvent) => {
  const deps = accountingDeps();
  const date = addDays(businessDateOf(event.time, deps.timeZone), -1);
  const close = await requestClose(deps, { date, requestedBy: null }, { correlationId: event.id });
  logger.info('daily close requested', { date: close.date, status: close.status });
  return close;
}).use(injectLambdaContext(logger, { resetKeys: true }));
