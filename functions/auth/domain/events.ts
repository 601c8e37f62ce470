import type { DataOf, EventContract } from '#events';

/** What every command needs to stamp its events: the request's correlation id. */
export interface CommandContext {
  correlationId: string;
}

/**
 * An event a command decided to publish. The store writes it as an outbox row in the same
 * transaction as the state change, so the change and its event exist together or not at all.
 */
export interface PendingEvent {
  contract: EventContract;
  data: unknown;
  correlationId: string;
  time: Date;
}

/** Typed at the call site: the data must match the contract's schema. */
export const pendingEvent = <C extends EventContract>(
  contract: C,
  data: DataOf<C>,
  context: CommandContext,
  time: Date,
): PendingEvent => ({ contract, data, correlationId: context.correlationId, time });
