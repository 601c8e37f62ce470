import * as z from './zod';

/** The bounded contexts that publish events. The EventBridge `source` is `ates.<domain>`. */
export const DOMAINS = ['auth', 'tasker', 'accounting', 'analytics'] as const;
export type DomainName = (typeof DOMAINS)[number];

export const sourceOf = (domain: DomainName): `ates.${DomainName}` => `ates.${domain}`;

export const metadataSchema = z.object({
  event_id: z.uuid(),
  event_name: z.string().check(z.minLength(1)),
  event_version: z.number().check(z.int(), z.positive()),
  event_time: z.iso.datetime({ offset: true }),
  producer: z.string().check(z.minLength(1)),
  correlation_id: z.string().check(z.minLength(1)),
});
export type EventMetadata = z.infer<typeof metadataSchema>;

/** The `detail` of every EventBridge event aTES publishes. */
export const envelopeSchema = z.object({ metadata: metadataSchema, data: z.unknown() });
export type Envelope<Data = unknown> = { metadata: EventMetadata; data: Data };

export interface EventContract<Schema extends z.ZodMiniType = z.ZodMiniType> {
  readonly name: string;
  readonly version: number;
  readonly producer: DomainName;
  /** Who subscribes, for the catalog; the subscriptions themselves live in each service.ts. */
  readonly consumers: readonly string[];
  readonly description: string;
  readonly schema: Schema;
}

export type DataOf<C extends EventContract> = z.infer<C['schema']>;

export function defineEvent<Schema extends z.ZodMiniType>(
  contract: EventContract<Schema>,
): EventContract<Schema> {
  return Object.freeze(contract);
}

export const contractKey = (name: string, version: number) => `${name}@v${version}`;
