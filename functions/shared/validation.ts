import * as z from '#events/zod';
import { businessDateProblem } from './time/business-day';

/**
 * One readable line from a zod error, naming each field:
 * `title: Too small: expected string to have >=1 characters; extra: unknown field(s) colour`.
 * Pure, so domain code can use it as well as the HTTP middleware.
 */
export function describeIssues(error: z.core.$ZodError, subject = 'request'): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : subject;
      if (issue.code === 'unrecognized_keys') {
        return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Every field a zod error names, one entry each (an unknown key is an entry of its own), for
 * the `fields` list of a 400: a form can show each message beside its input at once.
 * `subject` names an issue about the whole value (a body that is not an object).
 */
export function fieldErrorsOf(error: z.core.$ZodError, subject = 'request'): FieldError[] {
  return error.issues.flatMap((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : subject;
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: where === subject ? key : `${where}.${key}`,
        message: 'is not a field this request takes',
      }));
    return [{ field: where, message: issue.message }];
  });
}

/** Length as a reader counts it: one per code point, so an emoji is 1, not 2 UTF-16 units. */
export const codePointLength = (text: string) => [...text].length;

/** Without spreading megabytes: UTF-16 length is between one and two units per code point. */
const atMostCodePoints = (text: string, max: number) =>
  text.length <= max || (text.length <= 2 * max && codePointLength(text) <= max);

/**
 * Characters that change how text *looks* without being text: C0/C1 controls (newlines, escape
 * sequences, NUL) and the bidirectional embeddings, overrides and isolates that can make a name
 * read backwards (`U+202E`). Nobody's name or task title needs them.
 */
const INVISIBLE_CONTROLS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export const hasInvisibleControls = (text: string) => INVISIBLE_CONTROLS.test(text);

/**
 * A line of human text (a name, a title): trimmed, between `min` and `max` code points, with no
 * control characters or bidi overrides. One definition, so every domain counts the same way.
 */
export const plainText = (options: { min: number; max: number }) =>
  z.string().check(
    z.trim(),
    z.refine((text) => codePointLength(text) >= options.min, {
      message:
        options.min === 1 ? 'must not be empty' : `must be at least ${options.min} characters`,
    }),
    z.refine((text) => atMostCodePoints(text, options.max), {
      message: `must be at most ${options.max} characters`,
    }),
    z.refine((text) => !hasInvisibleControls(text), {
      message: 'must not contain control characters or bidirectional overrides',
    }),
  );

/** A string bounded in code points only (a password: any character is fine, only length counts). */
export const boundedString = (options: { min: number; max: number }) =>
  z.string().check(
    z.refine((text) => codePointLength(text) >= options.min, {
      message:
        options.min === 1 ? 'must not be empty' : `must be at least ${options.min} characters`,
    }),
    z.refine((text) => atMostCodePoints(text, options.max), {
      message: `must be at most ${options.max} characters`,
    }),
  );

/**
 * A business date in a query, path or body: a real calendar day written `YYYY-MM-DD`, from
 * EARLIEST_BUSINESS_DATE to LATEST_BUSINESS_DATE (docs/openapi.json `BusinessDate`). Every
 * route's dates use this one field, so none can reach date arithmetic it would break.
 */
export const businessDateField = z.string().check(
  z.superRefine((value, context) => {
    const problem = businessDateProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
);
