/** A JSON client for a running gateway, as a user's browser or script would call it. */
export function apiClient(baseUrl: () => string) {
  return async function api(
    path: string,
    init: {
      method?: string;
      token?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) {
    const response = await fetch(`${baseUrl()}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads what it asserts
    const body: any = await response.json();
    return { status: response.status, headers: response.headers, body };
  };
}
