import { consumerConcurrencyOf, type ServiceDeclaration } from '#shared/declaration';

/**
 * Reserved concurrency, in one place with its reasons (docs/operations.md, "Concurrency").
 * A reservation is both a floor (kept for the function whatever else runs) and a ceiling.
 * Login's scrypt at 1 GB is the burst to fear: reserving for the relays and consumers keeps
 * their share out of the pool a login storm can drain; login's own cap is in Auth's declaration.
 */

/**
 * A relay handles one stream shard at a time (parallelization factor 1); a young on-demand
 * table has about four shards. Five keeps every shard moving and leaves one for a split.
 */
export const RELAY_RESERVED_CONCURRENCY = 5;

/*
 * A consumer's reservation is its declared `maxConcurrency` (functions/<domain>/service.ts), the
 * SQS mapping's cap: AWS advises a maximum concurrency no higher than the reserved concurrency,
 * or the mapping is throttled below its own cap (infra/constructs/event-consumer.ts).
 */

/**
 * How many instances share the account's SES send rate (`ATES_MAIL_INSTANCES`, which the mailer
 * divides the rate by): the sum of each declared sender's cap. The consumer runs at most its
 * declared maximum concurrency, a schedule one run at a time (a retry follows the failed run), a
 * route at most its reservation. A route without one could run any number of instances and no
 * share of the rate would hold, so synth fails.
 */
export function mailInstancesOf(declaration: ServiceDeclaration): number {
  const capOf = (sender: string) => {
    if (sender === 'consumer' && declaration.consumer) {
      return consumerConcurrencyOf(declaration.domain, declaration.consumer);
    }
    const reserved = declaration.sizing?.[sender]?.reservedConcurrency;
    if (reserved) return reserved;
    if (declaration.schedules?.some((schedule) => schedule.name === sender)) return 1;
    throw new Error(
      `${declaration.domain}'s mail sender ${sender} has no concurrency cap: declare its sizing.reservedConcurrency so its share of the SES send rate holds`,
    );
  };
  return (declaration.mail?.senders ?? []).reduce((sum, sender) => sum + capOf(sender), 0);
}

/**
 * Lambda keeps at least 100 of an account's executions unreserved. A stage reserves at most
 * this many, so two stages and the unreserved 100 fit the default quota of 1,000 many times over.
 */
export const STAGE_RESERVATION_BUDGET = 100;
