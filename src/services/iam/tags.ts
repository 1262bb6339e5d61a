import { AwsError } from '../../core/aws-error.js';
import { QUOTAS } from '../../domain/quotas.js';
import { type Tag, type TaggableKind, tagKeyOf } from '../../domain/tag.js';
import type { RequestKeys } from '../../protocol/operation-registry.js';
import { limitExceeded } from './errors.js';

/** The model's Tag shape. */
export interface TagShape {
  readonly Key: string;
  readonly Value: string;
}

export const toTagShapes = (tags: readonly Tag[]): TagShape[] =>
  tags.map((t) => ({ Key: t.key, Value: t.value }));
export const fromTagShapes = (tags: readonly TagShape[]): Tag[] =>
  tags.map((t) => ({ key: t.Key, value: t.Value }));

/** `Tags` in an output only when there are some: AWS omits the empty list. */
export const tagsMember = (tags: readonly Tag[]): { Tags?: TagShape[] } =>
  tags.length > 0 ? { Tags: toTagShapes(tags) } : {};

/**
 * Tag rules beyond the model's lengths and patterns: the `aws:` prefix is AWS's, a key may appear
 * once per request (case-insensitively on users and roles), and an entity holds at most 50 tags
 * after the request is applied.
 */
export function checkTags(
  kind: TaggableKind,
  tags: readonly TagShape[],
  existing: readonly Tag[] = [],
): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw new AwsError('InvalidInput', "Tag keys starting with 'aws:' are reserved for internal AWS use.");
    }
    const key = tagKeyOf(kind, tag.Key);
    if (seen.has(key)) {
      throw new AwsError(
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(key);
  }
  const kept = existing.filter((t) => !seen.has(tagKeyOf(kind, t.key))).length;
  if (kept + seen.size > QUOTAS.tagsPerEntity.limit) throw limitExceeded('tagsPerEntity');
}

/** aws:RequestTag/<key> and aws:TagKeys for a request that sets tags. */
export function tagRequestKeys(tags: readonly TagShape[] | undefined): RequestKeys {
  if (!tags || tags.length === 0) return {};
  const keys: Record<string, string | readonly string[]> = {};
  for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = t.Value;
  keys['aws:TagKeys'] = tags.map((t) => t.Key);
  return keys;
}
