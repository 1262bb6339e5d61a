import type { AccountId } from '../../domain/ids.js';
import type { PasswordPolicy } from '../../domain/password-policy.js';
import type { PasswordPoliciesRepo } from '../password-policies-repo.js';
import type { SqlContext } from './context.js';

const bit = (b: boolean | undefined): number => (b ? 1 : 0);

export class SqlPasswordPolicies implements PasswordPoliciesRepo {
  constructor(private readonly ctx: SqlContext) {}

  async get(accountId: AccountId): Promise<PasswordPolicy | undefined> {
    const r = await this.ctx.db
      .selectFrom('password_policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (r === undefined) return undefined;
    return {
      accountId,
      minimumPasswordLength: r.minimum_password_length,
      requireSymbols: r.require_symbols === 1,
      requireNumbers: r.require_numbers === 1,
      requireUppercaseCharacters: r.require_uppercase === 1,
      requireLowercaseCharacters: r.require_lowercase === 1,
      allowUsersToChangePassword: r.allow_users_to_change === 1,
      ...(r.max_password_age !== null && { maxPasswordAge: r.max_password_age }),
      ...(r.password_reuse_prevention !== null && { passwordReusePrevention: r.password_reuse_prevention }),
      ...(r.hard_expiry !== null && { hardExpiry: r.hard_expiry === 1 }),
    };
  }

  async put(p: PasswordPolicy): Promise<void> {
    const values = {
      minimum_password_length: p.minimumPasswordLength,
      require_symbols: bit(p.requireSymbols),
      require_numbers: bit(p.requireNumbers),
      require_uppercase: bit(p.requireUppercaseCharacters),
      require_lowercase: bit(p.requireLowercaseCharacters),
      allow_users_to_change: bit(p.allowUsersToChangePassword),
      max_password_age: p.maxPasswordAge ?? null,
      password_reuse_prevention: p.passwordReusePrevention ?? null,
      hard_expiry: p.hardExpiry === undefined ? null : bit(p.hardExpiry),
    };
    await this.ctx.db
      .insertInto('password_policies')
      .values({ account_id: p.accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
    this.ctx.touch(p.accountId);
  }

  async delete(accountId: AccountId): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('password_policies')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    this.ctx.touch(accountId);
    return true;
  }
}
