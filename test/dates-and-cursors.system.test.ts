import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EARLIEST_BUSINESS_DATE, LATEST_BUSINESS_DATE } from '#shared/time/business-day';
import { SERVICES } from '../functions/services';
import { ledgerIndex } from '../functions/accounting/store/keys';
import { byAssigneeIndex, byStatusIndex } from '../functions/tasker/store/keys';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { apiClient } from './support/api';
import { startTestCloud } from './support/cloud';
import { adminAndWorker } from './support/people';

/**
 * Every date and cursor a route takes, driven with random strings, edge dates (year 9999, years
 * below 100, 2026-02-30) and forged base64 cursors (empty key parts, missing or extra keys,
 * another list's partition): never a 5xx, and a refusal is a 400 that names the field.
 * FUZZ_RUNS sets the number of random requests per property (default 25 in the suite; the
 * edges above run every time; `npm run test:fuzz` runs 400).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);
const tokens: Record<'admin' | 'worker', string> = { admin: '', worker: '' };
let workerId = '';
/** A task Accounting knows, so its history reads the cursor it is sent. */
let taskId = '';

beforeAll(async () => {
  cloud = await startTestCloud(SERVICES);
  const people = await adminAndWorker(api, 'dates');
  tokens.admin = people.admin;
  tokens.worker = people.worker;
  workerId = people.workerId;
  const task = await api('/tasks', {
    method: 'POST',
    token: tokens.worker,
    body: { title: 'Dates' },
  });
  taskId = task.body.id;
  await cloud.settled(30_000);
}, 180_000);
afterAll(() => cloud?.stop());

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Dates at and past every edge, well-formed dates of any year, and strings that are not dates. */
const dateInput = fc.oneof(
  fc.constantFrom(
    '9999-12-31',
    '9999-01-01',
    '9998-12-31',
    '9998-12-28',
    EARLIEST_BUSINESS_DATE,
    '1999-12-31',
    '0099-12-31',
    '0050-06-15',
    '0000-01-01',
    '2026-02-30',
    '2024-02-29',
    '+010000-01-01',
    '-000001-01-01',
    '2026-1-1',
    '',
    ' 2026-01-01',
  ),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc.string({ maxLength: 12 }),
);

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const keyPart = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 8 }),
  fc.string({ minLength: 1025, maxLength: 1100 }),
);

/** Cursors each list could be sent: forged keys with its own partition, others', and noise. */
function cursorInput(partitions: string[]) {
  const partition = fc.oneof(fc.constantFrom(...partitions), keyPart);
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.base64String({ maxLength: 40 }),
    fc.constantFrom('e30', base64([]), base64(null), base64('x'), 'A'.repeat(2049)),
    // The ledger's and the users' page key, with parts empty, odd or missing.
    fc
      .record(
        { pk: keyPart, sk: keyPart, gsi1pk: partition, gsi1sk: keyPart, extra: keyPart },
        { requiredKeys: [] },
      )
      .map(base64),
    // Tasker's cursor: which partition, and the key it stopped at.
    fc
      .record(
        {
          p: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constant(0.5)),
          k: fc.oneof(
            fc.constant(null),
            fc.record(
              {
                pk: keyPart,
                sk: keyPart,
                gsi1pk: partition,
                gsi1sk: keyPart,
                gsi2pk: partition,
                gsi2sk: keyPart,
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      )
      .map(base64),
  );
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return search.size ? `?${search}` : '';
};

/** The answer is never a 5xx; a 400 is our JSON error and names one of the fields sent. */
async function expectHandled(path: string, token: string, fields: string[]) {
  const res = await api(path, { token });
  expect(res.status, `${path} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (res.status === 400) {
    expect(res.body.error.code, path).toEqual(expect.any(String));
    expect(
      fields.some((field) => (res.body.error.message as string).includes(field)),
      `${path}: ${res.body.error.message}`,
    ).toBe(true);
  }
  return res;
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

describe('dates and cursors of every route', () => {
  it('refuse year 9999, years below 2000 and forged cursors with a 400 naming the field', async () => {
    for (const date of ['9999-12-31', '9999-01-01', '0099-12-31', '0050-06-15', '1999-12-31']) {
      for (const path of [
        `/accounting/me?date=${date}`,
        `/accounting/accounts/${workerId}?date=${date}`,
        `/accounting/dashboard?from=${date}`,
        `/accounting/dashboard?to=${date}`,
        `/accounting/closes/${date}`,
        `/accounting/closes?to=${date}`,
        `/analytics/dashboard?date=${date}`,
        `/analytics/most-expensive?period=week&date=${date}`,
        `/analytics/most-expensive?period=month&date=${date}`,
        `/analytics/most-expensive?from=${date}&to=${date}`,
      ]) {
        const res = await api(path, { token: tokens.admin });
        expect(res.status, path).toBe(400);
        expect(res.body.error.message, path).toMatch(/date|from|to/);
      }
      const close = await api('/accounting/close-day', {
        method: 'POST',
        token: tokens.admin,
        body: { date },
      });
      expect(close.status).toBe(400);
      expect(close.body.error.message).toContain('date');
    }
    // The latest accepted date's week and month end in year 9999 and are answered.
    for (const period of ['week', 'month']) {
      const res = await api(
        `/analytics/most-expensive?period=${period}&date=${LATEST_BUSINESS_DATE}`,
        { token: tokens.admin },
      );
      expect(res.status).toBeLessThan(500);
    }
    const today = new Date().toISOString().slice(0, 10);
    const forged = base64({
      pk: 'x',
      sk: '',
      gsi1pk: ledgerIndex.pk(workerId, today),
      gsi1sk: '',
    });
    for (const [path, token] of [
      [`/accounting/me?date=${today}&cursor=${forged}`, tokens.worker],
      [`/accounting/accounts/${workerId}?date=${today}&cursor=${forged}`, tokens.admin],
      [
        `/tasks?cursor=${base64({ p: 0, k: { gsi1pk: byAssigneeIndex.pk(workerId) } })}`,
        tokens.worker,
      ],
      [
        `/tasks?assignee=all&cursor=${base64({ p: 1, k: { gsi2pk: byStatusIndex.pk('completed'), pk: 'a', sk: '', gsi2sk: 'b' } })}`,
        tokens.admin,
      ],
    ] as const) {
      const res = await api(path, { token });
      expect(res.status, path).toBe(400);
      expect(res.body.error.message, path).toContain('cursor');
    }
  });

  it('answer any date or cursor on the accounting routes without a 5xx', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const ledgers = [ledgerIndex.pk(workerId, today), 'CLOSES', `TASK#${taskId}`];
    await fc.assert(
      fc.asyncProperty(
        optional(dateInput),
        optional(cursorInput(ledgers)),
        dateInput,
        dateInput,
        async (date, cursor, from, to) => {
          await expectHandled(`/accounting/me${query({ date, cursor })}`, tokens.worker, [
            'date',
            'cursor',
          ]);
          await expectHandled(
            `/accounting/accounts/${workerId}${query({ date, cursor })}`,
            tokens.admin,
            ['date', 'cursor'],
          );
          // A span over 366 days or reversed is refused as a range of both fields.
          await expectHandled(`/accounting/dashboard${query({ from, to })}`, tokens.admin, [
            'from',
            'to',
            'range',
          ]);
          await expectHandled(`/accounting/closes/${encodeURIComponent(from)}`, tokens.admin, [
            'date',
          ]);
          await expectHandled(`/accounting/closes${query({ to, cursor })}`, tokens.admin, [
            'to',
            'cursor',
          ]);
          await expectHandled(`/accounting/tasks/${taskId}${query({ cursor })}`, tokens.admin, [
            'cursor',
          ]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answer any date on the analytics routes without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        dateInput,
        dateInput,
        fc.constantFrom('day', 'week', 'month'),
        async (date, other, period) => {
          await expectHandled(`/analytics/dashboard${query({ date })}`, tokens.admin, ['date']);
          await expectHandled(`/analytics/most-expensive${query({ period, date })}`, tokens.admin, [
            'date',
            'period',
          ]);
          await expectHandled(
            `/analytics/most-expensive${query({ from: date, to: other })}`,
            tokens.admin,
            ['from', 'to'],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answer any cursor on the users and tasks lists without a 5xx', async () => {
    const partitions = [
      'USERS',
      byAssigneeIndex.pk(workerId),
      byStatusIndex.pk('open'),
      byStatusIndex.pk('completed'),
    ];
    await fc.assert(
      fc.asyncProperty(cursorInput(partitions), async (cursor) => {
        await expectHandled(`/auth/users${query({ cursor })}`, tokens.admin, ['cursor']);
        await expectHandled(`/tasks${query({ cursor })}`, tokens.worker, ['cursor']);
        await expectHandled(`/tasks${query({ cursor, assignee: 'all' })}`, tokens.admin, [
          'cursor',
        ]);
      }),
      { numRuns: RUNS },
    );
  });
});
