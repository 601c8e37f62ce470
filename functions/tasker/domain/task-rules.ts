import { jiraIdSchema } from '#events';
import { Refusal } from '#shared/refusal';

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

const invalid = (code: string, message: string) => new Refusal('invalid', code, message);

/**
 * The task tracker's rules for a new task. The bracket rule exists because older producers put
 * the jira id inside the title (`[UBERPOP-42] Fix beak`); the id now has a field of its own.
 */
export function validateNewTask(input: NewTaskInput): NewTaskFields {
  const title = input.title.trim();
  if (title.length === 0) throw invalid('title_required', 'a task needs a title');
  if (title.length > TITLE_MAX_LENGTH)
    throw invalid(
      'title_too_long',
      `the title has ${title.length} characters; at most ${TITLE_MAX_LENGTH} are allowed`,
    );
  if (/[[\]]/.test(title))
    throw invalid(
      'title_contains_brackets',
      'the title must not contain "[" or "]": put the jira id (like UBERPOP-42) in the jira_id field instead',
    );
  const description = input.description ?? '';
  if (description.length > DESCRIPTION_MAX_LENGTH)
    throw invalid(
      'description_too_long',
      `the description has ${description.length} characters; at most ${DESCRIPTION_MAX_LENGTH} are allowed`,
    );
  const jiraId = input.jira_id?.trim() || null;
  if (jiraId !== null && !jiraIdSchema.safeParse(jiraId).success)
    throw invalid(
      'invalid_jira_id',
      `"${jiraId}" is not a jira id; a jira id looks like UBERPOP-42`,
    );
  return { title, jira_id: jiraId, description };
}
