import { describe, expect, it } from 'vitest';
import { Refusal } from '#shared/refusal';
import { validateNewTask } from './task-rules';

const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof Refusal)
      return { category: error.category, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('new task rules', () => {
  it('accepts a title, an optional jira id and a description, trimmed', () => {
    expect(
      validateNewTask({ title: '  Fix beak ', jira_id: 'UBERPOP-42', description: 'd' }),
    ).toEqual({
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: 'd',
    });
    expect(validateNewTask({ title: 'Fix beak' })).toEqual({
      title: 'Fix beak',
      jira_id: null,
      description: '',
    });
  });

  it('refuses square brackets in the title and points to jira_id', () => {
    for (const title of ['[UBERPOP-42] Fix beak', 'Fix ] beak', 'Fix [beak']) {
      const refusal = refusalOf(() => validateNewTask({ title }));
      expect(refusal).toMatchObject({ category: 'invalid', code: 'title_contains_brackets' });
      expect(refusal.message).toContain('jira_id');
    }
  });

  it('refuses an empty or over-long title, an over-long description and a bad jira id', () => {
    expect(refusalOf(() => validateNewTask({ title: '   ' })).code).toBe('title_required');
    expect(validateNewTask({ title: 'x'.repeat(200) }).title).toHaveLength(200);
    expect(refusalOf(() => validateNewTask({ title: 'x'.repeat(201) })).code).toBe(
      'title_too_long',
    );
    expect(validateNewTask({ title: 't', description: 'd'.repeat(5000) }).description).toHaveLength(
      5000,
    );
    expect(
      refusalOf(() => validateNewTask({ title: 't', description: 'd'.repeat(5001) })).code,
    ).toBe('description_too_long');
    for (const jira_id of ['uberpop-42', 'UBERPOP', 'UBERPOP-', '42-UBERPOP', 'UBER POP-1'])
      expect(refusalOf(() => validateNewTask({ title: 't', jira_id })).code).toBe(
        'invalid_jira_id',
      );
  });
});
