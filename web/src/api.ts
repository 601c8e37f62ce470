import { endSession, getSession } from './session';

/** An API refusal or failure, in words, with the fields it names (for messages beside inputs). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Domain refusal codes that belong to one input (Tasker's and Auth's rules). */
const FIELD_OF_CODE: Record<string, string> = {
  title_required: 'title',
  title_too_long: 'title',
  title_contains_brackets: 'title',
  invalid_jira_id: 'jira_id',
  description_too_long: 'description',
  email_taken: 'email',
};

/**
 * The API lists every invalid field at once (`error.fields`); each message goes next to its
 * input, as a sentence. Older answers only had the message, `invalid body: title: must not be
 * empty; role: …`, which is split the same way.
 */
export function fieldsOf(
  code: string,
  message: string,
  listed?: readonly { field: string; message: string }[],
): Record<string, string> {
  const field = FIELD_OF_CODE[code];
  if (field) return { [field]: sentence(message) };
  if (listed?.length) {
    const fields: Record<string, string> = {};
    for (const entry of listed)
      fields[entry.field] = fields[entry.field]
        ? `${fields[entry.field]} ${sentence(entry.message)}`
        : sentence(entry.message);
    return fields;
  }
  const fields: Record<string, string> = {};
  const detail = message.replace(/^invalid (body|query|path parameters?|params): /, '');
  for (const part of detail.split('; ')) {
    const match = /^([a-z_]+): (.+)$/.exec(part);
    if (match) fields[match[1]!] = sentence(match[2]!);
  }
  return fields;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | undefined | null>;
  /** Sign-in sends no token, and a 401 there is a wrong password, not an expired session. */
  anonymous?: boolean;
}

/** Calls the aTES API on this origin; resolves with the JSON body or throws an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const session = options.anonymous ? null : getSession();
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  const url = search.size ? `${path}?${search}` : path;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new ApiError(
      0,
      'network',
      `The aTES API could not be reached (${(error as Error).message}). Check your connection and try again.`,
    );
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: a proxy's error page, say; described by its status below
  }
  if (response.ok) return body as T;

  // Our handlers answer `{error: {code, message}}`; API Gateway itself (no route, a crash)
  // answers `{message}`; a proxy may answer anything.
  const answer = body as {
    error?: { code?: string; message?: string; fields?: { field: string; message: string }[] };
    message?: unknown;
  };
  const error = answer?.error;
  const code = error?.code ?? `http_${response.status}`;
  const message =
    error?.message ??
    (response.status >= 500
      ? `the server had a problem answering (${response.status}); try again in a moment`
      : typeof answer?.message === 'string'
        ? `The server answered ${response.status}: ${answer.message}`
        : `The server answered ${response.status} ${response.statusText || ''}`.trim());
  // A 401 for a token another tab has just replaced is not the end of the session.
  if (response.status === 401 && session && getSession()?.token === session.token) {
    endSession('Your session has expired or is no longer valid. Please sign in again.');
  }
  throw new ApiError(
    response.status,
    code,
    sentence(message),
    fieldsOf(code, message, Array.isArray(error?.fields) ? error.fields : undefined),
  );
}

/** API messages are lower-case fragments; a sentence reads better on its own line. */
const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** Words for anything a call may throw. */
export const describeError = (error: unknown) =>
  error instanceof ApiError
    ? error.message
    : `Something went wrong: ${(error as Error)?.message ?? String(error)}`;
