import { config } from 'zod/mini';
import { en } from 'zod/locales';

/**
 * The zod every contract, request schema and stored item is written with: `zod/mini`, the
 * function-style build of zod 4 (`z.optional(s)`, `s.check(z.minLength(1))`), which a bundle
 * loads in a fraction of classic zod's CPU (docs/performance.md, "Cold start"). Same core,
 * same issues and JSON Schema; mini only leaves the messages out unless a locale is set, so
 * the English one is set here, once, for every importer: users get the messages they got before.
 */
config(en());

export * from 'zod/mini';
