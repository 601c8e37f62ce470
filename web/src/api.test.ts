import { describe, expect, it } from 'vitest';
import { fieldsOf } from './api';

describe('API refusals beside their fields', () => {
  it('places a domain rule by its code', () => {
    expect(fieldsOf('title_contains_brackets', 'the title must not contain "["')).toEqual({
      title: 'the title must not contain "["',
    });
    expect(fieldsOf('invalid_jira_id', '"X" is not a jira id')).toEqual({
      jira_id: '"X" is not a jira id',
    });
  });

  it('splits a shape refusal into one message per field', () => {
    expect(
      fieldsOf(
        'validation_failed',
        'invalid body: email: must be an e-mail address like kiwi@uberpopug.test; password: must be at least 8 characters',
      ),
    ).toEqual({
      email: 'must be an e-mail address like kiwi@uberpopug.test',
      password: 'must be at least 8 characters',
    });
  });

  it('leaves a refusal about no field for the form as a whole', () => {
    expect(fieldsOf('forbidden', 'only managers and admins may reshuffle')).toEqual({});
  });
});
