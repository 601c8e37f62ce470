import * as z from '#events/zod';
import { decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import { addCents, ZERO } from '#shared/money';
import { CLOSE_LANES, type Close, type CloseTally } from '../../domain/close';
import type { ChunkOfLane, ClosePage, CloseStore } from '../../domain/ports';

type Lane = CloseTally & { chunks_done: number };
type StoredClose = Close & { finished_at?: string };

const cursorSchema = z.strictObject({ date: z.string() });
const laneKey = (date: string, lane: number) => `${date}#${String(lane).padStart(2, '0')}`;

/** Closes in memory: one per date, their lanes' tallies, and the latest date asked to close. */
export class MemoryCloseStore implements CloseStore {
  readonly closes = new MemoryTable<StoredClose>('closes');
  readonly lanes = new MemoryTable<Lane>('close-lanes');
  readonly latest = new MemoryTable<string>('latest-close');

  async find(date: string): Promise<Close | undefined> {
    const close = this.closes.get(date);
    if (!close) return undefined;
    const { finished_at: _finished, ...rest } = close;
    return rest;
  }

  async list(page: { to?: string; cursor?: string; limit: number }): Promise<ClosePage> {
    let newestFirst = this.closes
      .values()
      .filter((close) => page.to === undefined || close.date <= page.to)
      .reverse();
    if (page.cursor !== undefined) {
      const date = decodeCursor(page.cursor, cursorSchema)?.date;
      if (date === undefined || (page.to !== undefined && date > page.to)) throw invalidCursor();
      newestFirst = newestFirst.filter((close) => close.date < date);
    }
    const closes = newestFirst.slice(0, page.limit);
    const last = closes.at(-1);
    return {
      closes: await Promise.all(closes.map((close) => this.find(close.date) as Promise<Close>)),
      nextCursor: closes.length === page.limit && last ? encodeCursor({ date: last.date }) : null,
    };
  }

  undeliverableCounted(changes: Changes, date: string, count: number): void {
    changes.write(
      this.closes.update(
        date,
        (close) => ({ ...close!, undeliverable: (close!.undeliverable ?? 0) + count }),
        { guard: 'close_exists', when: (close) => close !== undefined },
      ),
    );
  }

  async latestDate() {
    return this.latest.get('latest') ?? null;
  }

  requested(changes: Changes, close: Close): void {
    changes.write(
      this.latest.put('latest', close.date, {
        guard: 'no_later_close',
        when: (latest) => latest === undefined || latest < close.date,
      }),
      this.closes.put(
        close.date,
        { ...close, accounts_total: null, lanes_done: 0 },
        { guard: 'date_not_closed', when: (current) => current === undefined },
      ),
    );
  }

  started(changes: Changes, date: string, accountsTotal: number): void {
    changes.write(
      this.closes.update(date, (close) => ({ ...close!, accounts_total: accountsTotal }), {
        guard: 'close_not_started',
        when: (close) => close !== undefined && close.accounts_total === null,
      }),
    );
    for (let lane = 0; lane < CLOSE_LANES; lane++)
      changes.write(
        this.lanes.put(
          laneKey(date, lane),
          {
            accounts: 0,
            paid_count: 0,
            paid_total_cents: ZERO,
            carried_negative_count: 0,
            chunks_done: 0,
          },
          { guard: 'lane_is_new', when: (current) => current === undefined },
        ),
      );
  }

  async findLane(date: string, lane: number) {
    return this.lanes.get(laneKey(date, lane));
  }

  async laneTallies(date: string) {
    return Array.from({ length: CLOSE_LANES }, (_, lane) =>
      this.lanes.get(laneKey(date, lane)),
    ).filter((lane): lane is Lane => lane !== undefined);
  }

  chunkCounted(changes: Changes, request: ChunkOfLane, tally: CloseTally, laneDone: boolean) {
    changes.write(
      this.lanes.update(
        laneKey(request.date, request.lane),
        (lane) => ({
          accounts: lane!.accounts + tally.accounts,
          paid_count: lane!.paid_count + tally.paid_count,
          paid_total_cents: addCents(lane!.paid_total_cents, tally.paid_total_cents),
          carried_negative_count: lane!.carried_negative_count + tally.carried_negative_count,
          chunks_done: request.chunk,
        }),
        { guard: 'chunk_follows_last', when: (lane) => lane?.chunks_done === request.chunk - 1 },
      ),
    );
    if (laneDone)
      changes.write(
        this.closes.update(request.date, (close) => ({
          ...close!,
          lanes_done: close!.lanes_done + 1,
        })),
      );
  }

  /** As on DynamoDB, a conditional write of its own: the close is marked finished once. */
  async markFinished(date: string, at: Date) {
    const close = this.closes.get(date);
    if (!close || close.lanes_done < CLOSE_LANES || close.finished_at !== undefined)
      return undefined;
    this.closes.seed(date, { ...close, finished_at: at.toISOString() });
    return this.find(date);
  }
}
