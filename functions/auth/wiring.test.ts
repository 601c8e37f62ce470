import { afterEach, describe, expect, it } from 'vitest';
import { tokenTtlSeconds } from './wiring';

describe('token lifetime configuration', () => {
  afterEach(() => {
    delete process.env.ATES_TOKEN_TTL_SECONDS;
  });

  it('is ten minutes by default', () => {
    expect(tokenTtlSeconds()).toBe(600);
  });

  it('follows ATES_TOKEN_TTL_SECONDS', () => {
    process.env.ATES_TOKEN_TTL_SECONDS = '900';
    expect(tokenTtlSeconds()).toBe(900);
  });

  it.each(['0', '-5', '1.5', 'an hour'])('refuses ATES_TOKEN_TTL_SECONDS=%s', (value) => {
    process.env.ATES_TOKEN_TTL_SECONDS = value;
    expect(() => tokenTtlSeconds()).toThrow(/ATES_TOKEN_TTL_SECONDS/);
  });
});
