import { useState } from 'preact/hooks';
import { api } from '../api';
import { AuditLogView } from '../components/audit-log';
import { CloseDay } from '../components/close-day';
import { ManagementEarnings } from '../components/management-earnings';
import { displayName, PersonPicker, type Person } from '../components/person-picker';
import { ErrorMessage, PageHeading, Section } from '../components/ui';
import type { Session, User } from '../session';
import { useApi } from '../use-api';

/** Accounting: my balance and audit log; earnings, anyone's log and the close for the office. */
export function AccountingPage({ session }: { session: Session }) {
  const role = session.user.role;
  const office = role === 'admin' || role === 'accountant';
  const [version, setVersion] = useState(0);
  // Only admins may list employees (names for the close's "by …" and the log's picker).
  const users = useApi(role === 'admin' ? () => api<{ users: User[] }>('/auth/users') : null, []);
  const nameOf = (id: string) =>
    users.data?.users.find((user) => user.id === id)?.name ?? `employee ${id.slice(0, 8)}`;
  return (
    <>
      <PageHeading title="Accounting" />
      <Section title="My account">
        <AuditLogView path="/accounting/me" idPrefix="me" version={version} />
      </Section>
      {office && <ManagementEarnings version={version} />}
      {office && <EmployeeLog version={version} />}
      {role === 'admin' && <CloseDay onDone={() => setVersion((v) => v + 1)} nameOf={nameOf} />}
    </>
  );
}

/**
 * Anyone's audit log, picked by name from Accounting's directory of account holders (admins
 * and accountants alike: Auth's user list is the admins' alone).
 */
function EmployeeLog({ version }: { version: number }) {
  const people = useApi(() => api<{ people: Person[] }>('/accounting/people'), []);
  const [userId, setUserId] = useState('');
  const chosen = people.data?.people.find((p) => p.id === userId);
  return (
    <Section title="An employee’s audit log">
      <ErrorMessage error={people.error} onRetry={people.reload} />
      <PersonPicker
        id="employee"
        label="Employee"
        people={people.data?.people ?? []}
        value={userId}
        onChange={setUserId}
        none={{ value: '', label: 'choose an employee…' }}
      />
      {userId && (
        <AuditLogView
          path={`/accounting/accounts/${encodeURIComponent(userId)}`}
          idPrefix="employee"
          version={version}
          owner={chosen ? displayName(chosen) : undefined}
        />
      )}
    </Section>
  );
}
