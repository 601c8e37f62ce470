import { isDeepStrictEqual } from 'node:util';
import type { TransactItem } from '#shared/dynamo';

/**
 * The item a transaction item writes, as one string: its table and key. DynamoDB refuses a
 * transaction with two operations on one item, and a pending group must know which items its
 * writes already touched. Every aTES table is keyed by `pk` and `sk`.
 */
export function itemKeyOf(item: TransactItem): string {
  const operation = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
  const key = (item.Put ? item.Put.Item : (operation as { Key?: Record<string, unknown> }).Key) as
    Record<string, unknown> | undefined;
  return JSON.stringify([operation?.TableName, key?.pk, key?.sk]);
}

/** The clause after `ADD` up to the next action keyword (`SET`, `REMOVE`, `DELETE`) or the end. */
const addClause = /\bADD\b(.*?)(?=\b(?:SET|REMOVE|DELETE)\b|$)/is;
const placeholders = /:[A-Za-z0-9_]+/g;

/**
 * The values an unconditional update only adds (`ADD counter :amount`), when that is all that
 * may differ between two writes of it: every other value it sets must be the same for both.
 * Undefined for anything else (a put, a condition, no ADD, an ADD operand also used by SET).
 */
function addOperandsOf(item: TransactItem): Set<string> | undefined {
  const update = item.Update;
  if (!update || update.ConditionExpression !== undefined) return undefined;
  const clause = addClause.exec(update.UpdateExpression ?? '')?.[1];
  if (clause === undefined) return undefined;
  const operands = new Set(clause.match(placeholders) ?? []);
  const elsewhere = (update.UpdateExpression ?? '').replace(clause, '').match(placeholders) ?? [];
  if (operands.size === 0 || elsewhere.some((name) => operands.has(name))) return undefined;
  const values = update.ExpressionAttributeValues ?? {};
  return [...operands].every((name) => typeof values[name] === 'number') ? operands : undefined;
}

/**
 * One write for two unconditional updates of one item that differ only in what they add: the
 * same expression, names and set values, their ADD operands summed. Adding is commutative, so
 * one write of the sum leaves the item as the two writes would (a day's figures shard, the
 * negative-balance count's delta). Undefined when they may not merge: they are then two writes
 * of one item, which one transaction cannot hold.
 */
export function mergedAdds(first: TransactItem, second: TransactItem): TransactItem | undefined {
  const operands = addOperandsOf(first);
  if (!operands || !addOperandsOf(second) || itemKeyOf(first) !== itemKeyOf(second)) return;
  const [a, b] = [first.Update!, second.Update!];
  if (a.UpdateExpression !== b.UpdateExpression) return undefined;
  if (!isDeepStrictEqual(a.ExpressionAttributeNames, b.ExpressionAttributeNames)) return undefined;
  const [aValues, bValues] = [a.ExpressionAttributeValues ?? {}, b.ExpressionAttributeValues ?? {}];
  const names = new Set([...Object.keys(aValues), ...Object.keys(bValues)]);
  const merged: Record<string, unknown> = {};
  for (const name of names) {
    if (operands.has(name)) {
      merged[name] = (aValues[name] as number) + (bValues[name] as number);
    } else if (isDeepStrictEqual(aValues[name], bValues[name])) {
      merged[name] = aValues[name];
    } else {
      return undefined; // a SET value differs: the later write would overwrite, not add
    }
  }
  return { ...first, Update: { ...a, ExpressionAttributeValues: merged } };
}
