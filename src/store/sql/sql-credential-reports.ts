import type { AccessKeyStatus } from '../../domain/access-key.js';
import type { AccountId } from '../../domain/ids.js';
import type {
  CredentialFacts,
  CredentialReportsRepo,
  KeyFacts,
  PasswordFacts,
  StoredCredentialReport,
} from '../credential-reports-repo.js';
import { dateOf, iso, type SqlContext } from './context.js';
import { userFromRow } from './rows.js';
import { ROOT_OWNER } from './sql-login-profiles.js';

export class SqlCredentialReports implements CredentialReportsRepo {
  constructor(private readonly ctx: SqlContext) {}

  async facts(accountId: AccountId): Promise<CredentialFacts | undefined> {
    const { db } = this.ctx;
    const account = await db
      .selectFrom('accounts')
      .select('created_at')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!account) return undefined;
    const policy = await db
      .selectFrom('password_policies')
      .select('max_password_age')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const users = (
      await db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name_lower')
        .execute()
    ).map((r) => userFromRow(this.ctx, r));
    const profiles = await db
      .selectFrom('login_profiles')
      .select(['owner', 'password_changed_at', 'last_used'])
      .where('account_id', '=', accountId)
      .execute();
    const passwords = new Map<string, PasswordFacts>();
    for (const p of profiles) {
      passwords.set(p.owner, {
        changedAt: dateOf(p.password_changed_at),
        ...(p.last_used !== null && { lastUsed: dateOf(p.last_used) }),
      });
    }
    const devices = await db
      .selectFrom('mfa_devices')
      .select(['assigned_to', 'user_id'])
      .where('account_id', '=', accountId)
      .where('assigned_to', 'is not', null)
      .execute();
    const mfaActive = new Set<string>();
    for (const d of devices) mfaActive.add(d.assigned_to === 'root' ? ROOT_OWNER : (d.user_id ?? ''));
    const keyRows = await db
      .selectFrom('access_keys')
      .select(['user_id', 'status', 'create_date', 'last_used_date', 'last_used_service', 'last_used_region'])
      .where('account_id', '=', accountId)
      .orderBy('create_date')
      .orderBy('access_key_id')
      .execute();
    const accessKeys = new Map<string, KeyFacts[]>();
    for (const k of keyRows) {
      const owner = k.user_id ?? ROOT_OWNER;
      const list = accessKeys.get(owner) ?? [];
      list.push({
        status: k.status as AccessKeyStatus,
        createDate: dateOf(k.create_date),
        ...(k.last_used_date !== null && {
          lastUsed: {
            lastUsedDate: dateOf(k.last_used_date),
            serviceName: k.last_used_service ?? 'N/A',
            region: k.last_used_region ?? 'N/A',
          },
        }),
      });
      accessKeys.set(owner, list);
    }
    const rootPassword = passwords.get(ROOT_OWNER);
    const maxAge = policy?.max_password_age ?? null;
    return {
      accountCreatedAt: dateOf(account.created_at),
      ...(maxAge !== null && maxAge > 0 && { maxPasswordAgeDays: Number(maxAge) }),
      users,
      root: {
        ...(rootPassword && { password: rootPassword }),
        mfaActive: mfaActive.has(ROOT_OWNER),
        accessKeys: accessKeys.get(ROOT_OWNER) ?? [],
      },
      passwords,
      mfaActive,
      accessKeys,
    };
  }

  async get(accountId: AccountId): Promise<StoredCredentialReport | undefined> {
    const row = await this.ctx.db
      .selectFrom('credential_reports')
      .select(['generated_at', 'content'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { generatedAt: dateOf(row.generated_at), content: row.content };
  }

  async put(accountId: AccountId, report: StoredCredentialReport): Promise<void> {
    const values = { generated_at: iso(report.generatedAt), content: report.content };
    await this.ctx.db
      .insertInto('credential_reports')
      .values({ account_id: accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
    this.ctx.touch(accountId);
  }
}
