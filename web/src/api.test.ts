import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, fieldsOf } from './api';

describe('API refusals beside their fields', () => {
  it('places a domain rule by its code', () => {
    expect(fieldsOf('title_contains_brackets', 'the title must not contain "["')).toEqual({
      title: 'The title must not contain "[".',
    });
    expect(fieldsOf('invalid_jira_id', '"X" is not a jira id')).toEqual({
      jira_id: '"X" is not a jira id.',
    });
  });

  it('splits a shape refusal into one message per field', () => {
    expect(
      fieldsOf(
        'validation_failed',
        'invalid body: email: must be an e-mail address like kiwi@uberpopug.test; password: must be at least 8 characters',
      ),
    ).toEqual({
      email: 'Must be an e-mail address like kiwi@uberpopug.test.',
      password: 'Must be at least 8 characters.',
    });
  });

  it('takes every field the API lists, each as a sentence beside its input', () => {
    expect(
      fieldsOf('validation_failed', 'invalid body: …', [
        { field: 'name', message: 'must not be empty' },
        { field: 'password', message: 'must be at least 8 characters' },
        { field: 'password', message: 'must not be your e-mail' },
      ]),
    ).toEqual({
      name: 'Must not be empty.',
      password: 'Must be at least 8 characters. Must not be your e-mail.',
    });
  });

  it('leaves a refusal about no field for the form as a whole', () => {
    expect(fieldsOf('forbidden', 'only managers and admins may reshuffle')).toEqual({});
  });
});

describe('every answer in words', () => {
  const answer = (status: number, body: string, statusText = '') =>
    vi.fn(async () => new Response(body, { status, statusText }));

  beforeAll(() => {
    for (const name of ['sessionStorage', 'localStorage']) {
      const store = new Map<string, string>();
      vi.stubGlobal(name, {
        getItem: (key: string) => store.get(key) ?? null,
        setItem: (key: string, value: string) => void store.set(key, value),
        removeItem: (key: string) => void store.delete(key),
      });
    }
  });
  const realFetch = globalThis.fetch;
  afterEach(() => {
    vi.stubGlobal('fetch', realFetch);
  });

  it('reads our error shape, API Gateway’s own answer and a proxy’s page', async () => {
    vi.stubGlobal(
      'fetch',
      answer(409, '{"error":{"code":"nobody","message":"nobody is assignable"}}'),
    );
    await expect(api('/tasks/shuffle')).rejects.toMatchObject({
      status: 409,
      code: 'nobody',
      message: 'Nobody is assignable.',
    });
    vi.stubGlobal('fetch', answer(404, '{"message":"Not Found"}'));
    await expect(api('/nowhere')).rejects.toThrow('The server answered 404: Not Found.');
    vi.stubGlobal('fetch', answer(502, '<html>bad gateway</html>', 'Bad Gateway'));
    await expect(api('/tasks')).rejects.toThrow(
      'The server had a problem answering (502); try again in a moment.',
    );
    vi.stubGlobal('fetch', answer(500, '{"message":"Internal Server Error"}'));
    await expect(api('/tasks')).rejects.toThrow('The server had a problem answering (500)');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api('/tasks')).rejects.toThrow(/could not be reached \(Failed to fetch\)/);
  });

  it('ends the session on a refused token, with the reason for the sign-in page', async () => {
    const { startSession, getSession, sessionEndReason } = await import('./session');
    startSession('a.b.c', {
      id: 'u',
      email: 'kiwi@uberpopug.test',
      name: 'Kiwi',
      role: 'worker',
      active: true,
      created_at: '',
      updated_at: '',
    });
    vi.stubGlobal('fetch', answer(401, '{"error":{"code":"unauthorized","message":"expired"}}'));
    await expect(api('/tasks')).rejects.toMatchObject({ status: 401 });
    expect(getSession()).toBeNull();
    expect(sessionEndReason()).toMatch(/session has expired/);
  });

  it('a wrong password at sign-in is not an expired session', async () => {
    const { startSession, getSession } = await import('./session');
    startSession('a.b.c', {
      id: 'u',
      email: 'kiwi@uberpopug.test',
      name: 'Kiwi',
      role: 'worker',
      active: true,
      created_at: '',
      updated_at: '',
    });
    vi.stubGlobal(
      'fetch',
      answer(401, '{"error":{"code":"bad_credentials","message":"wrong e-mail or password"}}'),
    );
    await expect(api('/auth/login', { method: 'POST', anonymous: true })).rejects.toThrow(
      'Wrong e-mail or password.',
    );
    expect(getSession()).not.toBeNull();
  });
});
