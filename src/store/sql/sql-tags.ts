import type { AccountId } from '../../domain/ids.js';
import { type Tag, type TaggableKind, tagKeyOf } from '../../domain/tag.js';
import type { TagsRepo } from '../tags-repo.js';
import { CompiledRead, type SqlContext } from './context.js';

/** An entity's tags (GetUser and every answer that carries tags), compiled once. */
const TAGS_OF = new CompiledRead(['', '', ''] as [string, string, string], (db, accountId, kind, entityId) =>
  db
    .selectFrom('tags')
    .select(['tag_key', 'tag_value'])
    .where('account_id', '=', accountId)
    .where('entity_kind', '=', kind as TaggableKind)
    .where('entity_id', '=', entityId)
    .orderBy('key_norm'),
);

export class SqlTags implements TagsRepo {
  constructor(private readonly ctx: SqlContext) {}

  async list(accountId: AccountId, kind: TaggableKind, entityId: string): Promise<readonly Tag[]> {
    const rows = await TAGS_OF.execute(this.ctx, accountId, kind, entityId);
    return rows.map((r) => ({ key: r.tag_key, value: r.tag_value }));
  }

  async count(accountId: AccountId, kind: TaggableKind, entityId: string): Promise<number> {
    return (await this.list(accountId, kind, entityId)).length;
  }

  async put(accountId: AccountId, kind: TaggableKind, entityId: string, tags: readonly Tag[]): Promise<void> {
    for (const tag of tags) {
      await this.ctx.db
        .insertInto('tags')
        .values({
          account_id: accountId,
          entity_kind: kind,
          entity_id: entityId,
          key_norm: tagKeyOf(kind, tag.key),
          tag_key: tag.key,
          tag_value: tag.value,
        })
        .onConflict((oc) =>
          oc
            .columns(['account_id', 'entity_kind', 'entity_id', 'key_norm'])
            .doUpdateSet({ tag_key: tag.key, tag_value: tag.value }),
        )
        .execute();
    }
    if (tags.length > 0) this.ctx.touch(accountId);
  }

  async remove(
    accountId: AccountId,
    kind: TaggableKind,
    entityId: string,
    keys: readonly string[],
  ): Promise<void> {
    if (keys.length === 0) return;
    await this.ctx.db
      .deleteFrom('tags')
      .where('account_id', '=', accountId)
      .where('entity_kind', '=', kind)
      .where('entity_id', '=', entityId)
      .where(
        'key_norm',
        'in',
        keys.map((k) => tagKeyOf(kind, k)),
      )
      .execute();
    this.ctx.touch(accountId);
  }
}
