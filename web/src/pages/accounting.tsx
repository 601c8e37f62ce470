import { useState } from 'preact/hooks';
import { api } from '../api';
import { AuditLogView } from '../components/audit-log';
import { CloseDay } from '../components/close-day';
import { ManagementEarnings } from '../components/management-earnings';
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
      {office && <EmployeeLog session={session} version={version} />}
      {role === 'admin' && <CloseDay onDone={() => setVersion((v) => v + 1)} nameOf={nameOf} />}
    </>
  );
}

/** Anyone's audit log: admins pick from the employee list; accountants (who may not list
 * employees) enter the employee's id. */
function EmployeeLog({ session, version }: { session: Session; version: number }) {
  const isAdmin = session.user.role === 'admin';
  const users = useApi(isAdmin ? () => api<{ users: User[] }>('/auth/users') : null, []);
  const [userId, setUserId] = useState('');
  const [typed, setTyped] = useState('');
  return (
    <Section title="An employee’s audit log">
      <ErrorMessage error={users.error} />
      {isAdmin ? (
        <div class="field">
          <label for="employee">Employee</label>
          <select id="employee" value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">choose an employee…</option>
            {(users.data?.users ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.role}){user.active ? '' : ' — deactivated'}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setUserId(typed.trim());
          }}
        >
          <div class="field">
            <label for="employee-id">Employee id</label>
            <input
              id="employee-id"
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </div>
          <button type="submit">Show</button>
        </form>
      )}
      {userId && (
        <AuditLogView
          path={`/accounting/accounts/${encodeURIComponent(userId)}`}
          idPrefix="employee"
          version={version}
        />
      )}
    </Section>
  );
}
