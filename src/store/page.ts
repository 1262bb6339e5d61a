/**
 * Marker pagination as IAM does it: `MaxItems` in (default 100, at most 1000), `Marker` out only
 * when more remain. Markers are opaque, signed cursors (see cursor.ts): a marker is valid only
 * for the list, account and filter that issued it.
 */
export interface PageRequest {
  readonly marker?: string;
  readonly maxItems?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present exactly when the list is truncated (IsTruncated = marker !== undefined). */
  readonly marker?: string;
}

export const DEFAULT_MAX_ITEMS = 100;
export const MAX_MAX_ITEMS = 1000;

export const pageSize = (request: PageRequest): number =>
  Math.min(Math.max(Math.trunc(request.maxItems ?? DEFAULT_MAX_ITEMS), 1), MAX_MAX_ITEMS);

export interface PathPrefixRequest extends PageRequest {
  /** Defaults to `/` (everything); compared case-sensitively. */
  readonly pathPrefix?: string;
}
