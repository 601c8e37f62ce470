import { jiraIdSchema } from '#events';
import { TaskerError } from './errors';
import { codePointLength, forbiddenCharacterIn } from './text';

export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;

export interface NewTaskInput {
  title: string;
  jira_id?: string | null;
  description?: string;
}

export interface NewTaskFields {
  title: string;
  jira_id: string | null;
  description: string;
}

/**
 * The task tracker's rules for a new task. The bracket rule exists because older producers put
 * the jira id inside the title (`[UBERPOP-42] Fix beak`); the id now has a field of its own.
 * Lengths count code points; control characters and bidirectional overrides are refused, as
 * they can make a title read differently from what is stored (a title is one line; a
 * description may hold line breaks and tabs).
 */
export function validateNewTask(input: NewTaskInput): NewTaskFields {
  const title = input.title.trim();
  if (title.length === 0) throw new TaskerError('title_required', 'a task needs a title');
  const titleLength = codePointLength(title);
  if (titleLength > TITLE_MAX_LENGTH)
    throw new TaskerError(
      'title_too_long',
      `the title has ${titleLength} characters; at most ${TITLE_MAX_LENGTH} are allowed`,
    );
  const badInTitle = forbiddenCharacterIn(title, { multiline: false });
  if (badInTitle)
    throw new TaskerError(
      'title_has_forbidden_characters',
      `the title contains ${badInTitle}; remove it`,
    );
  if (/[[\]]/.test(title))
    throw new TaskerError(
      'title_contains_brackets',
      'the title must not contain "[" or "]": put the jira id (like UBERPOP-42) in the jira_id field instead',
    );
  const description = input.description ?? '';
  const descriptionLength = codePointLength(description);
  if (descriptionLength > DESCRIPTION_MAX_LENGTH)
    throw new TaskerError(
      'description_too_long',
      `the description has ${descriptionLength} characters; at most ${DESCRIPTION_MAX_LENGTH} are allowed`,
    );
  const badInDescription = forbiddenCharacterIn(description, { multiline: true });
  if (badInDescription)
    throw new TaskerError(
      'description_has_forbidden_characters',
      `the description contains ${badInDescription}; remove it`,
    );
  const jiraId = input.jira_id?.trim() || null;
  if (jiraId !== null && !jiraIdSchema.safeParse(jiraId).success)
    throw new TaskerError(
      'invalid_jira_id',
      `"${jiraId}" is not a jira id; a jira id looks like UBERPOP-42`,
    );
  return { title, jira_id: jiraId, description };
}
