/** A resource tag. Keys are case-insensitive (case preserved) on users and roles, exact elsewhere. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

export type TaggableKind = 'user' | 'role' | 'policy' | 'instance-profile' | 'mfa';

export const TAG_KEYS_CASE_INSENSITIVE: Readonly<Record<TaggableKind, boolean>> = {
  user: true,
  role: true,
  policy: false,
  'instance-profile': false,
  mfa: false,
};

export const tagKeyOf = (kind: TaggableKind, key: string): string =>
  TAG_KEYS_CASE_INSENSITIVE[kind] ? key.toLowerCase() : key;
