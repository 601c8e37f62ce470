import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY, seedDemoCompany } from '../../local/cloud/seed-demo';
import { createTables } from '../../test/support/tables';
import { login } from './use-cases/login';
import { outboxWatermark } from './test-support/table-contents';
import { authDeps } from './wiring';

/** local/cloud/seed-demo.ts is tested here: local/ belongs to the local-cloud code. */
describe('the demo company seed', () => {
  beforeAll(() => createTables());

  it('creates 1 admin, 1 manager, 1 accountant and 5 workers, each with a user.created', async () => {
    const outbox = await outboxWatermark();
    const printed: string[] = [];

    const logins = await seedDemoCompany({ log: (line) => printed.push(line) });

    expect(logins.map((l) => l.role).sort()).toEqual(
      ['accountant', 'admin', 'manager', ...Array(5).fill('worker')].sort(),
    );
    const events = await outbox.newEvents();
    expect(events.every((e) => e.detailType === 'user.created')).toBe(true);
    expect(events.map((e) => e.data.email).sort()).toEqual(logins.map((l) => l.email).sort());
    for (const demo of logins)
      expect(printed.join('\n')).toMatch(new RegExp(`${demo.email}\\s+${demo.password}\n`));
  });

  it('is idempotent: a second run creates nothing and publishes nothing', async () => {
    const outbox = await outboxWatermark();
    const printed: string[] = [];
    const logins = await seedDemoCompany({ log: (line) => printed.push(line) });
    expect(logins).toHaveLength(8);
    expect(await outbox.newEvents()).toEqual([]);
    expect(printed.join('\n')).toContain('already seeded');
  });

  it('prints logins that work', async () => {
    const [admin] = DEMO_COMPANY;
    const result = await login(
      authDeps(),
      { email: admin!.email, password: admin!.password },
      {
        correlationId: 'seed-test',
      },
    );
    expect(result.user.role).toBe('admin');
  });
});
