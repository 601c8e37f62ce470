import { addDays, startOfBusinessDate } from '#shared/time/business-day';
import { expectStatus, type Api } from './http';

/**
 * Ends the business day `today` as a person would in a demo: moves the local cloud's business
 * clock (`POST /_local/clock`) to a second after the next business midnight, so every function,
 * every token and the scheduler are on the next day. The move fires the daily close of `today`;
 * the soak's own close request finds that close (one close per date).
 */
export async function endTheDay(api: Api, today: string, timeZone: string): Promise<void> {
  const clock = expectStatus(await api('/_local/clock'), 200, 'read the business clock');
  const now = Date.parse(clock.body.now as string);
  const midnight = startOfBusinessDate(addDays(today, 1), timeZone).getTime();
  const advance = midnight + 1_000 - now;
  if (advance > 0) {
    expectStatus(
      await api('/_local/clock', { method: 'POST', body: { advance_ms: advance } }),
      200,
      'move the business clock past midnight',
    );
  }
}
