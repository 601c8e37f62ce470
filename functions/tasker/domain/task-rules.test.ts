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

  it('counts length in code points: 200 emoji are a 200-character title', () => {
    const emoji = '\u{1F99C}'; // a parrot: one code point, two UTF-16 units
    expect(validateNewTask({ title: emoji.repeat(200) }).title).toBe(emoji.repeat(200));
    expect(refusalOf(() => validateNewTask({ title: emoji.repeat(201) })).message).toContain(
      '201 characters',
    );
    expect(validateNewTask({ title: 't', description: emoji.repeat(5000) }).description).toBe(
      emoji.repeat(5000),
    );
    expect(
      refusalOf(() => validateNewTask({ title: 't', description: emoji.repeat(5001) })).code,
    ).toBe('description_too_long');
  });

  it('refuses control characters and bidi overrides, naming the code point', () => {
    for (const bad of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2069']) {
      const title = refusalOf(() => validateNewTask({ title: `Pay ${bad}gnp.exe` }));
      expect(title).toMatchObject({ category: 'invalid', code: 'title_has_forbidden_characters' });
      expect(title.message).toMatch(/U\+20(2[A-E]|6[6-9]) \(a bidirectional text control\)/);
      expect(refusalOf(() => validateNewTask({ title: 't', description: `a${bad}b` })).code).toBe(
        'description_has_forbidden_characters',
      );
    }
    for (const bad of ['\u0000', '\u0007', '\u001b', '\u007f', '\n', '\t']) {
      const refusal = refusalOf(() => validateNewTask({ title: `Fix${bad}beak` }));
      expect(refusal.code).toBe('title_has_forbidden_characters');
      expect(refusal.message).toContain('(a control character)');
    }
    expect(refusalOf(() => validateNewTask({ title: 't', description: 'a\u0007b' })).code).toBe(
      'description_has_forbidden_characters',
    );
    // A description keeps its layout: line breaks and tabs are text there.
    expect(validateNewTask({ title: 't', description: 'line 1\r\n\tline 2' }).description).toBe(
      'line 1\r\n\tline 2',
    );
  });
});
