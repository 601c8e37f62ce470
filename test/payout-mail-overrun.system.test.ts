import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingService } from '../functions/accounting/service';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { Faults, withConsumerFaults } from '../local/faults/faults';
import { startTestCloud } from './support/cloud';
import { closeYesterday, seedAccounts } from './support/measure-close';

/**
 * The short soak's payout e-mail flake, made to happen every time. The soak's cloud compresses
 * queue time (a 50 ms visibility timeout, hand-backs at once), not the time a function works:
 * when a page's first delivery overruns its timeout, the queue hands the page out again while
 * that late invocation still holds the page's e-mails and sends them at the SES account's pace.
 * Here every page's first delivery overruns (the soak's `consumerOverrun` fault, on pages only)
 * and SES sends one e-mail a second (the sandbox's rate), so the late senders hold their
 * e-mails for seconds. Before the fix each redelivery found its e-mails busy and failed at once:
 * ten receives in a fraction of a second, and the page in the dead-letter queue.
 */
const PAYEES = 6; // seedAccounts puts a third of the accounts in credit
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud([accountingService], {
    ses: true,
    sesAccount: { maxSendRate: 1 },
    scheduler: true,
    visibilityTimeoutMs: 50, // the soak's
  });
}, 120_000);
afterAll(() => cloud?.stop());

const isPageRequest = (event: SQSEvent) =>
  event.Records.some((r) => r.body.includes('"accounting.payout_mails_requested"'));
const isFirstReceive = (event: SQSEvent) =>
  event.Records.every((r) => r.attributes.ApproximateReceiveCount === '1');

describe('a payout page redelivered while its overrun first delivery still sends', () => {
  it('sends each e-mail once, and the page does not reach the dead-letter queue', async () => {
    await seedAccounts(cloud.tables.accounting!, PAYEES * 3);
    const queue = cloud.queues.get('accounting')!;
    const consume = queue.options.consume;
    const overruns = new Faults({ consumerOverrun: 1 });
    // When each late first delivery ended, and when each redelivery of a page began.
    const lateEnds: number[] = [];
    const redeliveries: number[] = [];
    const firstDelivery = withConsumerFaults(overruns, queue.options.maxReceiveCount, (event) =>
      consume(event).finally(() => lateEnds.push(performance.now())),
    );
    queue.options.consume = async (event) => {
      if (!isPageRequest(event)) return consume(event);
      if (isFirstReceive(event)) return firstDelivery(event);
      redeliveries.push(performance.now());
      return consume(event);
    };

    await closeYesterday(cloud, 60_000);
    await cloud.settled(120_000);
    queue.options.consume = consume;

    // The race happened: pages were redelivered while a late first delivery still ran.
    expect(overruns.stats.consumerOverran).toBeGreaterThan(0);
    expect(redeliveries.some((at) => at < Math.max(...lateEnds))).toBe(true);
    expect(cloud.deadLetters.list()).toEqual([]);
    const inbox = (await (await fetch(`${cloud.urls.sesInbox}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    const recipients = inbox.emails.flatMap((m) => m.destination.to);
    expect(recipients).toHaveLength(PAYEES);
    expect(new Set(recipients).size).toBe(PAYEES);
  }, 180_000);
});
