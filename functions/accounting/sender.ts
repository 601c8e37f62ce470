/**
 * Where payout e-mails come from; `infra/` sets it to the deployed SES identity. Read by the
 * consumer's wiring and by the local cloud's IAM, which grants the same address locally.
 */
export const senderEmail = () => process.env.ATES_SENDER_EMAIL || 'payouts@uberpopug.test';
