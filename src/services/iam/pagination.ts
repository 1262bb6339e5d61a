import { AwsError } from '../../core/aws-error.js';
import type { Page, PageRequest } from '../../store/page.js';
import { pageSize } from '../../store/page.js';

/** IAM's pagination inputs (IAM-FACTS §1.4). */
export type PageInput = {
  readonly Marker?: string;
  readonly MaxItems?: number;
};

/** IAM's pagination outputs: IsTruncated always, Marker only when truncated. */
export type PageOutput = {
  readonly IsTruncated: boolean;
  readonly Marker?: string;
};

export const pageRequest = (input: PageInput): PageRequest => ({
  ...(input.Marker !== undefined && { marker: input.Marker }),
  ...(input.MaxItems !== undefined && { maxItems: input.MaxItems }),
});

export const pageOutput = (page: { readonly marker?: string | undefined }): PageOutput =>
  page.marker === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.marker };

const invalidMarker = () => new AwsError('InvalidInput', 'Invalid Marker.');

/**
 * Pages a list the store returns whole (bounded by quotas: a user's groups, a policy's versions,
 * tags...). The marker is the last key served, bound to the list it came from (`scope`), so pages
 * stay stable when items are added or removed; it is not signed, as these lists hold nothing the
 * caller may not already list in full.
 */
export function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  scope: string,
  input: PageInput,
): Page<T> {
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  let start = 0;
  if (input.Marker !== undefined) {
    const after = decodeMarker(scope, input.Marker);
    start = sorted.findIndex((item) => compare(keyOf(item), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const limit = pageSize(pageRequest(input));
  const slice = sorted.slice(start, start + limit);
  if (start + limit >= sorted.length) return { items: slice };
  return { items: slice, marker: encodeMarker(scope, keyOf(slice[slice.length - 1] as T)) };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function encodeMarker(scope: string, key: string): string {
  return Buffer.from(JSON.stringify([scope, key]), 'utf8').toString('base64url');
}

export function decodeMarker(scope: string, marker: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value[0] === scope && typeof value[1] === 'string') return value[1];
  } catch {
    // not ours
  }
  throw invalidMarker();
}
