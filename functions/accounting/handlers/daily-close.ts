import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '#shared/logger';
import { CORRELATION_ANNOTATION, tracer } from '#shared/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { AccountingError } from '../domain/errors';
import { dayThatJustEnded } from '../domain/days';
import { requestClose } from '../use-cases/request-close';
import { accountingDeps } from '../wiring';

/**
 * Schedule `daily-close` · EventBridge Scheduler at 00:00 in the business time zone · closes the
 * day that ended at the scheduled time (the event's `time`, not the clock: a retry after a delay
 * still closes the day it was meant for). A system with no movement before that day has nothing
 * to close: that is logged, not retried.
 */
export const handler = middy(async (event: ScheduledEvent) => {
  // The scheduled run's id is the close's correlation id: its lines, events and e-mails carry it.
  logger.appendKeys({ correlation_id: event.id });
  tracer.putAnnotation(CORRELATION_ANNOTATION, event.id);
  const deps = accountingDeps();
  const date = dayThatJustEnded(event.time, deps.timeZone);
  try {
    const close = await requestClose(
      deps,
      { date, requestedBy: null },
      { correlationId: event.id },
    );
    logger.info('daily close requested', { ...close });
    return close;
  } catch (error) {
    if (!(error instanceof AccountingError && error.kind === 'before_first_movement')) throw error;
    logger.info('daily close: nothing to close', { date, reason: error.message });
    return { date, status: 'nothing_to_close' };
  }
})
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }));
