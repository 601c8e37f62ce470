import { useState } from 'preact/hooks';
import { api } from '../api';
import { AuditLogView } from '../components/audit-log';
import { CloseDay } from '../components/close-day';
import { ClosedDays } from '../components/closed-days';
import { ManagementEarnings } from '../components/management-earnings';
import { displayName, PersonPicker, type Person } from '../components/person-picker';
import { ErrorMessage, PageHeading, Section } from '../components/ui';
import type { Session } from '../session';
import { useApi, type Loaded } from '../use-api';

/** Accounting: my balance and audit log; earnings, anyone's log and the close for the office. */
export function AccountingPage({ session }: { session: Session }) {
  const role = session.user.role;
  const office = role === 'admin' || role === 'accountant';
  const [version, setVersion] = useState(0);
  // Accounting's directory of account holders: the log's picker and the closes' "by …".
  const people = useApi(office ? () => api<{ people: Person[] }>('/accounting/people') : null, []);
  const nameOf = (id: string) =>
    id === session.user.id
      ? `${session.user.name} (you)`
      : displayName(people.data?.people.find((person) => person.id === id) ?? { id, name: null });
  return (
    <>
      <PageHeading title="Accounting" />
      <Section title="My account">
        <AuditLogView path="/accounting/me" idPrefix="me" version={version} />
      </Section>
      {office && <ManagementEarnings version={version} />}
      {office && <EmployeeLog people={people} version={version} />}
      {role === 'admin' && <CloseDay onChange={() => setVersion((v) => v + 1)} nameOf={nameOf} />}
      {office && <ClosedDays version={version} nameOf={nameOf} />}
    </>
  );
}

/**
 * Anyone's audit log, picked by name from Accounting's directory of account holders (admins
 * and accountants alike: Auth's user list is the admins' alone).
 */
function EmployeeLog({
  people,
  version,
}: {
  people: Loaded<{ people: Person[] }>;
  version: number;
}) {
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
