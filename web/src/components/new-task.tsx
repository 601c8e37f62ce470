import { api } from '../api';
import { useDraft } from '../draft';
import { useFormSubmission } from '../form-submission';
import type { Task } from '../types';
import { ErrorMessage, Field, Section } from './ui';

/** A new task; what is typed survives a session that runs out (drafts) until the API takes it. */
export function NewTask({ onCreated }: { onCreated: () => void }) {
  const [title, setTitle] = useDraft('task.title');
  const [jiraId, setJiraId] = useDraft('task.jira_id');
  const [description, setDescription] = useDraft('task.description');
  const { busy, fields, error, done: created, submitWith } = useFormSubmission();

  const submit = submitWith(async () => {
    const task = await api<Task>('/tasks', {
      method: 'POST',
      body: { title, jira_id: jiraId.trim() || null, description },
    });
    setTitle('');
    setJiraId('');
    setDescription('');
    onCreated();
    return `Created “${task.title}”; it is assigned to a random worker.`;
  });

  return (
    <Section title="New task">
      <form onSubmit={submit} noValidate class="inline-form">
        <Field id="task-title" label="Title" error={fields.title}>
          {(describedBy, invalid) => (
            <input
              id="task-title"
              value={title}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          id="task-jira-id"
          label="Jira id"
          error={fields.jira_id}
          hint="like UBERPOP-42 (optional)"
        >
          {(describedBy, invalid) => (
            <input
              id="task-jira-id"
              value={jiraId}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setJiraId(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="task-description" label="Description" error={fields.description}>
          {(describedBy, invalid) => (
            <textarea
              id="task-description"
              rows={2}
              value={description}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          )}
        </Field>
        <ErrorMessage error={error} />
        {created && (
          <p class="success" role="status">
            {created}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create task'}
        </button>
      </form>
    </Section>
  );
}
