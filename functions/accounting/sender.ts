/**
 * Where payout e-mails come from; `infra/` sets it to the deployed SES identity. Read by the
 * consumer's wiring and by the local cloud's IAM, which grants the same address locally.
 */
export const senderEmail = () => process.env.ATES_SENDER_EMAIL || 'payouts@uberpopug.test';

/**
 * How many consumer processes share the account's SES send rate: `ATES_MAIL_INSTANCES`, which
 * infra sets to the consumer's maximum concurrency. The local cloud runs every batch in one
 * process, so there one pace serves them all (1).
 */
export function mailInstances(): number {
  const value = process.env.ATES_MAIL_INSTANCES || '1';
  const instances = Number(value);
  if (!Number.isInteger(instances) || instances < 1) {
    throw new Error(`ATES_MAIL_INSTANCES=${value} is not a positive whole number`);
  }
  return instances;
}

/**
 * The SES configuration set every payout e-mail names (`ATES_SES_CONFIGURATION_SET`, which infra
 * and the local cloud set): its event destination reports bounces and complaints back to
 * Accounting. Unset, e-mails name none and no feedback comes back.
 */
export const configurationSet = () => process.env.ATES_SES_CONFIGURATION_SET || undefined;
