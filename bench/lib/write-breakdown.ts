import type { Usage } from './request-meter';

/** Domain tables by the short name the breakdown prints (`ates-accounting-…` → `accounting`). */
const domainOf = (table: string) =>
  ['auth', 'tasker', 'accounting', 'analytics'].find((d) => table.includes(d)) ?? table;

interface Row {
  table: string;
  cause: string;
  kind: string;
  items: number;
  units: number;
  /** Write units the table's indexes consumed for these items' changes. */
  indexUnits: number;
}

/**
 * Where a run's writes went, per unit: each part's counts divided by its own unit (a phase's
 * tasks), summed, so a lifecycle is create + reshuffle per task moved + complete. By table, by the event (or handler) that caused them and by item kind. Sorted by table, then
 * by most items, so two runs' tables line up.
 */
export function writeBreakdown(parts: readonly { usage: Usage; per: number }[]) {
  const merged = new Map<string, Row>();
  for (const { usage, per } of parts) {
    for (const [key, items] of Object.entries(usage.dynamoWriteItemsByKind)) {
      const [table = '?', cause = '?', kind = '?'] = key.split(' · ');
      const row = merged.get(key) ?? {
        table: domainOf(table),
        cause,
        kind,
        items: 0,
        units: 0,
        indexUnits: 0,
      };
      row.items += items / per;
      row.units += (usage.dynamoWriteUnitsByKind[key] ?? 0) / per;
      row.indexUnits += (usage.dynamoIndexWriteUnitsByKind[key] ?? 0) / per;
      merged.set(key, row);
    }
  }
  const rows = [...merged.values()];
  rows.sort(
    (a, b) => a.table.localeCompare(b.table) || b.items - a.items || a.kind.localeCompare(b.kind),
  );
  const total = (pick: (r: Row) => boolean) => {
    const chosen = rows.filter(pick);
    const units = chosen.reduce((sum, r) => sum + r.units, 0);
    const indexUnits = chosen.reduce((sum, r) => sum + r.indexUnits, 0);
    return {
      items: chosen.reduce((sum, r) => sum + r.items, 0),
      units,
      indexUnits,
      /** What AWS bills: the table's units and its indexes'. */
      billedUnits: units + indexUnits,
    };
  };
  const tables = [...new Set(rows.map((r) => r.table))];
  const byTable = Object.fromEntries(tables.map((t) => [t, total((r) => r.table === t)]));
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const byKind = Object.fromEntries(kinds.map((k) => [k, total((r) => r.kind === k)]));
  // Writes refused by a condition or a cancelled transaction (a race, retried): billed all the same.
  const isRefused = (r: Row) => r.kind.endsWith('(failed)');
  const refused = total(isRefused);
  // The writes that committed: what the code writes however often movements meet on one item.
  const committed = total((r) => !isRefused(r));
  return { rows, byTable, byKind, refused, committed, total: total(() => true) };
}

/**
 * The breakdown as printed lines: one per (table, cause, kind) with the table's write units and
 * its indexes' beside them, then totals per table and kind.
 */
export function breakdownLines(breakdown: ReturnType<typeof writeBreakdown>): string[] {
  const n = (x: number) => x.toFixed(2).padStart(7);
  const units = (v: { units: number; indexUnits: number; billedUnits: number }) =>
    `${v.units.toFixed(2)} WU + ${v.indexUnits.toFixed(2)} index WU = ${v.billedUnits.toFixed(2)}`;
  return [
    `  ${'table'.padEnd(11)}${'caused by'.padEnd(34)}${'item kind'.padEnd(26)}${'items'.padStart(7)}${'WU'.padStart(7)}${'idx WU'.padStart(7)}`,
    ...breakdown.rows.map(
      (r) =>
        `  ${r.table.padEnd(11)}${r.cause.padEnd(34)}${r.kind.padEnd(26)}${n(r.items)}${n(r.units)}${n(r.indexUnits)}`,
    ),
    `  per table: ${Object.entries(breakdown.byTable)
      .map(([t, v]) => `${t} ${v.items.toFixed(2)} items / ${units(v)}`)
      .join(', ')}`,
    `  per kind: ${Object.entries(breakdown.byKind)
      .sort(([, a], [, b]) => b.items - a.items)
      .map(([k, v]) => `${k} ${v.items.toFixed(2)}`)
      .join(', ')}`,
    `  refused and retried (billed): ${breakdown.refused.items.toFixed(2)} item writes, ${units(breakdown.refused)}`,
    `  without them (what the code writes, whatever the races): ${breakdown.committed.items.toFixed(2)} item writes, ${units(breakdown.committed)}`,
    `  total: ${breakdown.total.items.toFixed(2)} item writes, ${units(breakdown.total)} write units billed`,
  ];
}

/**
 * Where a run's read units went, per unit (summed like {@link writeBreakdown}): one line per
 * `table · handler · read`, most units first, then the total.
 */
export function readBreakdownLines(parts: readonly { usage: Usage; per: number }[]): string[] {
  const merged = new Map<string, number>();
  for (const { usage, per } of parts) {
    for (const [key, units] of Object.entries(usage.dynamoReadUnitsByKind))
      merged.set(key, (merged.get(key) ?? 0) + units / per);
  }
  const rows = [...merged].sort(([, a], [, b]) => b - a);
  const total = rows.reduce((sum, [, units]) => sum + units, 0);
  return [
    `  ${'table'.padEnd(11)}${'read by'.padEnd(34)}${'read'.padEnd(30)}${'RU'.padStart(7)}`,
    ...rows.map(([key, units]) => {
      const [table = '?', handler = '?', read = '?'] = key.split(' · ');
      return `  ${domainOf(table).padEnd(11)}${handler.padEnd(34)}${read.padEnd(30)}${units.toFixed(2).padStart(7)}`;
    }),
    `  total: ${total.toFixed(2)} read units`,
  ];
}
