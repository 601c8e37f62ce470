// Long because a page's e-mails go through reserve → send → confirm together: its own sends, the ones another delivery holds, and their commits share what the page read.
import type { DataOf } from '#events';
import type { payoutMailsRequestedV1 } from '#events/accounting/accounting.payout_mails_requested.v1';
import { MAX_EFFECT_ITEMS } from '#shared/consumer/consumer';
import { inParallel } from '#shared/in-parallel';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetricNow } from '#shared/metrics/metrics';
import { slicesOf } from '#shared/slices';
import type { Changes } from '#shared/unit-of-work/changes';
import { MAX_TRANSACTION_ITEMS } from '#shared/unit-of-work/commit-errors';
import { payoutId } from '../domain/ids';
import { negate } from '#shared/money';
import {
  MAIL_LEASE_MS,
  MAIL_SENDS_AT_ONCE,
  MailBusyError,
  NoEmailYetError,
  PayoutMailsLeftError,
} from '../domain/mailing';
import { RecipientRejectedError, type MailingDeps, type MailReservation } from '../domain/ports';
import { payoutEmail } from '../domain/statement';
import { isSuppressed, normalEmail } from '../domain/suppression';
import { logger } from '#shared/logger';
import { waitForOtherSenders } from './wait-for-other-senders';

/**
 * A settled e-mail records its confirmation on a unit (`settle`), an undeliverable one its record
 * (`undeliverable`, committed with the close's count of it); a failed one says why.
 */
type Outcome =
  | { settle?: (changes: Changes) => void }
  | { undeliverable: (changes: Changes) => void }
  | { failed: Error };

/**
 * SES's answers that no retry changes, by error name, beyond a refused recipient (which the
 * mailer reports as RecipientRejectedError and this records as undeliverable).
 */
const REJECTED = new Set(['BadRequestException']);

type Payout = DataOf<typeof payoutMailsRequestedV1>['payouts'][number];

/**
 * The reaction to `accounting.payout_mails_requested`: the payout e-mails of one page of a close,
 * each sent once, reserve → send → confirm, batched over the page.
 * 1. read, in two batch reads side by side: the accounts' e-mail addresses and their payout
 *    entries of the day (each carries the statement the close computed when it paid).
 * 2. reserve the e-mails of every account with an address, in one transaction (already sent:
 *    nothing to do). One another delivery holds (a copy of this request, or its own earlier
 *    delivery run past its timeout) is waited for beside this delivery's own sends, while the
 *    invocation has time (`waitForOtherSenders`): settled by its holder, nothing to do; released
 *    by it, sent here; still held, left for the retry.
 * 3. send through SES, ten at a time (a failed send frees its reservation; if even that fails,
 *    the reservation waits out its lease, and what was sent is still confirmed). A recipient SES
 *    rejects for good (`MessageRejected`) is recorded undeliverable instead, and never resent;
 *    the close counts it (its status's `undeliverable`) in the same unit, so exactly once. An
 *    address SES reported a bounce or complaint for (suppressed, read beside the reservations)
 *    is not sent to and recorded undeliverable the same way.
 * 4. confirm what was sent (guard `reservation_is_ours`). Everything sent: the confirmations are
 *    recorded on `changes`, for the consumer to commit with the event's marker (what does not
 *    fit beside it commits first, in units of its own). Anything left (no address yet, busy, a
 *    failed send): the confirmations commit here and the request throws, so the queue retries
 *    it, and the retry sends only what is left.
 */
export async function sendPayoutMails(
  deps: MailingDeps,
  request: DataOf<typeof payoutMailsRequestedV1>,
  changes: Changes,
): Promise<void> {
  const { date } = request;
  const userIds = request.payouts.map((payout) => payout.user_id);
  const [accounts, entries] = await Promise.all([
    deps.accounts.findMany(userIds),
    deps.ledger.payoutEntries(userIds, date),
  ]);
  const addressed = request.payouts.filter((payout) => accounts.get(payout.user_id)?.email);
  const [reservations, suppressions] = await Promise.all([
    deps.mailLog.reserveMany(
      addressed.map((payout) => payoutId(payout.user_id, date)),
      deps.clock(),
      MAIL_LEASE_MS,
    ),
    deps.suppressions.findMany(
      addressed.map((payout) => normalEmail(accounts.get(payout.user_id)!.email!)),
    ),
  ]);

  const sendOne = async (
    { user_id: userId }: Payout,
    reservation: MailReservation | undefined,
    /** Why an e-mail still held by another delivery is left for the retry. */
    stillHeld: (id: string) => Error,
  ): Promise<Outcome> => {
    const account = accounts.get(userId);
    // No address: nothing was reserved, and the e-mail waits for the address.
    if (!account?.email || !reservation) return { failed: new NoEmailYetError(userId) };
    const id = payoutId(userId, date);
    if (reservation.kind === 'sent' || reservation.kind === 'undeliverable') return {};
    if (reservation.kind === 'busy') return { failed: stillHeld(id) };
    const entry = entries.get(userId);
    if (!entry) return { failed: new Error(`account ${userId} has no payout for ${date}`) };
    // SES reported a bounce or complaint for the address: not sent until an admin clears it.
    const suppression = suppressions.get(normalEmail(account.email));
    if (isSuppressed(suppression)) {
      const reason = `suppressed after a ${suppression!.reason} (${suppression!.detail}) at ${suppression!.feedbackAt}`;
      logger.warn('payout e-mail skipped: the address is suppressed', {
        reference: `payout:${userId}:${date}`,
        reason,
      });
      const at = deps.clock();
      return {
        undeliverable: (unit: Changes) =>
          deps.mailLog.undeliverable(unit, id, reservation.token, reason, at),
      };
    }
    const mail = payoutEmail({
      name: account.name,
      date,
      paidOut: negate(entry.amount),
      statement: entry.statement,
    });
    try {
      const messageId = await deps.mailer.send({
        from: deps.senderEmail,
        to: account.email,
        ...mail,
        correlationId: changes.context.correlationId,
        // What an operator knows of a payout: whose, and which day's (docs/operations.md).
        reference: `payout:${userId}:${date}`,
      });
      // Counted when SES took it, whether or not this event's delivery ends well.
      recordMetricNow(METRIC.mailsSent);
      const at = deps.clock();
      return {
        settle: (unit) => deps.mailLog.sent(unit, id, reservation.token, messageId, at),
      };
    } catch (error) {
      // SES refused the recipient for good: recorded as undeliverable, so no retry resends it.
      if (error instanceof RecipientRejectedError) {
        recordMetricNow(METRIC.mailsRejected);
        const at = deps.clock();
        return {
          undeliverable: (unit: Changes) =>
            deps.mailLog.undeliverable(unit, id, reservation.token, error.reason, at),
        };
      }
      // Freeing the reservation only lets the retry send sooner (else it waits out the
      // lease): a failed release must not stop the confirmations of the e-mails already sent
      // from being committed below, or the retry would send those again. It is reported
      // with the send's own failure, never dropped.
      const released = await deps.mailLog.release(id, reservation.token).then(
        () => undefined,
        (releaseError: unknown) => releaseError as Error,
      );
      return {
        failed: released
          ? new AggregateError(
              [error, released],
              `${(error as Error).message}; and its reservation stays until its lease ends: ${released.message}`,
            )
          : (error as Error),
      };
    }
  };

  // Ours are sent while the e-mails another delivery holds are waited for, then sent if freed.
  const isHeld = (payout: Payout) =>
    reservations.get(payoutId(payout.user_id, date))?.kind === 'busy';
  const held = request.payouts.filter(isHeld);
  const [ownOutcomes, waited] = await Promise.all([
    inParallel(
      request.payouts.filter((payout) => !isHeld(payout)),
      MAIL_SENDS_AT_ONCE,
      (payout) =>
        sendOne(
          payout,
          reservations.get(payoutId(payout.user_id, date)),
          (id) => new MailBusyError(id, 0),
        ),
    ).then((own) =>
      held.length > 0 ? confirmedBeforeTheWait(deps, changes.context.correlationId, own) : own,
    ),
    waitForOtherSenders(
      deps,
      held.map((payout) => payoutId(payout.user_id, date)),
    ),
  ]);
  const freedOutcomes = await inParallel(held, MAIL_SENDS_AT_ONCE, (payout) => {
    const id = payoutId(payout.user_id, date);
    return sendOne(
      payout,
      waited.reservations.get(id),
      () => waited.lookFailed ?? new MailBusyError(id, waited.waitedMs),
    );
  });
  const outcomes = [...ownOutcomes, ...freedOutcomes];

  const confirmations = confirmationsOf(outcomes);
  const failures = outcomes.flatMap((outcome) => ('failed' in outcome ? [outcome.failed] : []));
  await countUndeliverable(
    deps,
    date,
    changes.context.correlationId,
    outcomes.flatMap((outcome) => ('undeliverable' in outcome ? [outcome.undeliverable] : [])),
  );
  const rejected = failures.filter((failure) => REJECTED.has(failure.name)).length;
  if (rejected > 0) recordMetricNow(METRIC.mailsRejected, rejected);
  if (failures.length > rejected) recordMetricNow(METRIC.mailsRetried, failures.length - rejected);
  if (failures.length > 0) {
    await commitAll(deps, changes.context.correlationId, confirmations);
    throw new PayoutMailsLeftError(failures, request.payouts.length, date);
  }
  // The consumer's transaction holds the marker too: what does not fit beside it commits first.
  const overflow = Math.max(0, confirmations.length - MAX_EFFECT_ITEMS);
  await commitAll(deps, changes.context.correlationId, confirmations.slice(0, overflow));
  for (const settle of confirmations.slice(overflow)) settle(changes);
}

/**
 * Commits the confirmations of this delivery's own sends at once when it also waits for another
 * delivery's e-mails, rather than after the wait: a crash during the wait must not leave sent
 * e-mails unconfirmed (they would be sent again once their lease ran out), and the other
 * delivery may be waiting for these as this one waits for its (two overlapping pages, each
 * holding some of the other's). Returns the outcomes with those confirmations spent. If the
 * commit fails, they stay for the commit at the end, as without this step (a confirmation
 * committed twice changes nothing: its guard is the reservation's token, which stays).
 */
async function confirmedBeforeTheWait(
  deps: MailingDeps,
  correlationId: string,
  outcomes: readonly Outcome[],
): Promise<Outcome[]> {
  try {
    await commitAll(deps, correlationId, confirmationsOf(outcomes));
  } catch (error) {
    logger.warn('could not confirm the sent e-mails before waiting; confirmed at the end', {
      error: error as Error,
    });
    return [...outcomes];
  }
  return outcomes.map((outcome) => ('settle' in outcome ? {} : outcome));
}

const confirmationsOf = (outcomes: readonly Outcome[]) =>
  outcomes.flatMap((outcome) => ('settle' in outcome && outcome.settle ? [outcome.settle] : []));

/** Confirmations (one item each) in units of at most 100, side by side. */
async function commitAll(
  deps: MailingDeps,
  correlationId: string,
  confirmations: readonly ((changes: Changes) => void)[],
): Promise<void> {
  await Promise.all(
    slicesOf(confirmations, MAX_TRANSACTION_ITEMS).map((slice) => {
      const unit = deps.unitOfWork.begin({ correlationId, now: deps.clock() });
      for (const settle of slice) settle(unit);
      return deps.unitOfWork.commit(unit);
    }),
  );
}

/**
 * Records the undeliverable e-mails, each slice with the close's count of it in one unit: a retry
 * finds them undeliverable and neither resends nor counts them again.
 */
async function countUndeliverable(
  deps: MailingDeps,
  date: string,
  correlationId: string,
  records: readonly ((changes: Changes) => void)[],
): Promise<void> {
  await Promise.all(
    slicesOf(records, MAX_TRANSACTION_ITEMS - 1).map((slice) => {
      const unit = deps.unitOfWork.begin({ correlationId, now: deps.clock() });
      for (const record of slice) record(unit);
      deps.closes.undeliverableCounted(unit, date, slice.length);
      return deps.unitOfWork.commit(unit);
    }),
  );
}
