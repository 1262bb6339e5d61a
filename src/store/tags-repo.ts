import type { AccountId } from '../domain/ids.js';
import type { Tag, TaggableKind } from '../domain/tag.js';

/**
 * Tags by entity kind and unique id (so a rename keeps them). Keys compare case-insensitively on
 * users and roles and exactly elsewhere (domain/tag.ts); a put with an existing key replaces it.
 * Entity deletes remove their tags. The 50-tag quota is the service's.
 */
export interface TagsReader {
  list(accountId: AccountId, kind: TaggableKind, entityId: string): Promise<readonly Tag[]>;
  count(accountId: AccountId, kind: TaggableKind, entityId: string): Promise<number>;
}

export interface TagsRepo extends TagsReader {
  put(accountId: AccountId, kind: TaggableKind, entityId: string, tags: readonly Tag[]): Promise<void>;
  /** Removes the keys that exist; absent keys are ignored, as UntagX does. */
  remove(accountId: AccountId, kind: TaggableKind, entityId: string, keys: readonly string[]): Promise<void>;
}
