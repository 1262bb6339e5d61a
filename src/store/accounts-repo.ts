import type { Account, AccountUsage } from '../domain/account.js';
import type { AccountId } from '../domain/ids.js';

export interface AccountsReader {
  get(accountId: AccountId): Promise<Account | undefined>;
  /**
   * Aliases are unique across accounts (console sign-in resolves them), so this is one of the two
   * deliberate cross-account reads; the other is AccessKeysReader.find.
   */
  getByAlias(alias: string): Promise<Account | undefined>;
  /** GetAccountSummary's counts. */
  usage(accountId: AccountId): Promise<AccountUsage>;
  /** The authorization generation: any write that can change a decision raises it. */
  generation(accountId: AccountId): Promise<number>;
}

export interface AccountsRepo extends AccountsReader {
  /** Throws EntityAlreadyExists when the id is taken. */
  create(input: { readonly id: AccountId; readonly createdAt: Date }): Promise<Account>;
  /** Replaces any alias (AWS keeps one). Throws EntityAlreadyExists when another account has it. */
  setAlias(accountId: AccountId, alias: string): Promise<boolean>;
  /** False when the account had no such alias. */
  deleteAlias(accountId: AccountId, alias: string): Promise<boolean>;
}
