import * as z from './zod';

/** Field shapes shared by several events, so one rule is written once. */
export const publicId = z.uuid();
export const timestamp = z.iso.datetime({ offset: true });
export const roleSchema = z.enum(['admin', 'manager', 'accountant', 'worker']);
export type Role = z.infer<typeof roleSchema>;
export const cents = z.number().check(z.int());
export const jiraIdSchema = z
  .string()
  .check(z.regex(/^[A-Z][A-Z0-9]*-\d+$/, 'a jira id looks like UBERPOP-42'));
/** A monotonically increasing revision of a replicated record: replicas keep the highest. */
export const revision = z.number().check(z.int(), z.positive());
export const businessDate = z.iso.date();
