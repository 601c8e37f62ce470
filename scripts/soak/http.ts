import { realNow } from '../../local/clock/business-clock';

/** The answer of one API call: its status and its JSON body. */
export interface Answer {
  status: number;
  /** Seconds the answer asks the caller to wait before trying again (`retry-after`), if any. */
  retryAfter?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a verifier reads what it checks
  body: any;
}

/** A JSON client for the gateway, as a user's browser or script would call it. */
export function apiOf(baseUrl: string) {
  return async function api(
    path: string,
    init: { method?: string; token?: string; body?: unknown } = {},
  ): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error message
    }
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    return { status: response.status, retryAfter, body };
  };
}

export type Api = ReturnType<typeof apiOf>;

/** Fails with the call's answer when the status is not the expected one. */
export function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer;
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (realNow() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
