import type { SelectQueryBuilder } from 'kysely';
import type { Page, PageRequest } from '../page.js';
import { pageSize } from '../page.js';
import type { SqlContext } from './context.js';

/**
 * Keyset pagination on a unique, ordered key (name_lower within an account): the marker is the
 * last key served, so pages stay stable while entities are added or removed elsewhere in the list.
 * `scope` binds the marker to its list, account and filter.
 */
export async function keysetPage<DB, TB extends keyof DB, Row, T>(
  ctx: SqlContext,
  scope: string,
  request: PageRequest,
  query: SelectQueryBuilder<DB, TB, Row>,
  keyColumn: string,
  keyOf: (row: Row) => string,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const limit = pageSize(request);
  const after = request.marker === undefined ? undefined : ctx.cursors.decode(scope, request.marker);
  // biome-ignore lint/suspicious/noExplicitAny: the key column is checked by each caller's table
  let q = query as SelectQueryBuilder<any, any, Row>;
  if (after !== undefined) q = q.where(keyColumn, '>', after);
  const rows = await q
    .orderBy(keyColumn)
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(map);
  if (rows.length <= limit) return { items };
  return { items, marker: ctx.cursors.encode(scope, keyOf(rows[limit - 1] as Row)) };
}

/** Rows whose path starts with prefix, as a range so the (account_id, path, ...) index serves it. */
export function pathPrefixBounds(prefix: string | undefined): [string, string] | undefined {
  if (prefix === undefined || prefix === '/') return undefined;
  // Paths are \u0021-\u007E; U+0080 sorts after all of them in byte and "C" collation order.
  return [prefix, `${prefix}\u0080`];
}
