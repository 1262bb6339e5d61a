/**
 * Credential resolution: an access key id -> its secret and the caller it stands for. Inactive and
 * unknown keys resolve to undefined, which SigV4 verification answers with InvalidClientTokenId.
 *
 * Resolved keys are cached in memory and revalidated against the account's generation (one cheap
 * read) on every use: any write to the account (a key deactivated or deleted, a user renamed)
 * raises the generation, so a stale entry is never served. Decryption happens once per entry.
 */
import { rootArn } from '../domain/arns.js';
import type { AccessKeyId, AccountId } from '../domain/ids.js';
import type { SessionTokenCodec } from '../domain/session.js';
import type { Caller, SecretSealer } from '../services/operation-context.js';
import type { Store } from '../store/store.js';
import { mfaSeedSealer } from './mfa-seeds.js';
import type { SecretBox } from './secret-box.js';
import { isTemporaryKeyId, resolveSession } from './session-credentials.js';

export interface ResolvedCredential {
  readonly secretAccessKey: string;
  /** Set for temporary credentials: the token the request must carry (compared in constant time). */
  readonly sessionToken?: string;
  readonly caller: Caller;
  /** The account generation the resolution is valid at (authorization's cache uses it too). */
  readonly generation: number;
}

export interface CredentialsOptions {
  readonly store: Store;
  readonly secretBox: SecretBox;
  readonly partition?: string;
  /** Most cached keys (default 10,000). */
  readonly maxEntries?: number;
  /** Least time between two last-used writes for one key (default one minute). */
  readonly lastUsedIntervalMs?: number;
  /** Opens STS session tokens; without it, temporary (ASIA) keys are refused. */
  readonly sessionTokens?: SessionTokenCodec;
}

export interface LastUse {
  readonly accountId: AccountId;
  readonly accessKeyId: string;
  readonly service: string;
  readonly region: string;
  readonly at: Date;
}

/** AAD binding a sealed secret access key to its key id. */
export const secretAad = (accessKeyId: string): string => `access-key:${accessKeyId}`;

/**
 * What handlers seal secrets with: CreateAccessKey's secret, in the format and AAD that `resolve`
 * opens, and virtual MFA seeds (auth/mfa-seeds.ts).
 */
export const accessKeySealer = (box: SecretBox): SecretSealer => ({
  sealAccessKeySecret: (accessKeyId, secretAccessKey) => box.seal(secretAccessKey, secretAad(accessKeyId)),
  ...mfaSeedSealer(box),
});

export class Credentials {
  readonly #store: Store;
  readonly #box: SecretBox;
  readonly #partition: string;
  readonly #max: number;
  readonly #interval: number;
  readonly #cache = new Map<string, ResolvedCredential>();
  readonly #lastWritten = new Map<string, number>();
  readonly #sessions: SessionTokenCodec | undefined;

  constructor(options: CredentialsOptions) {
    this.#store = options.store;
    this.#box = options.secretBox;
    this.#partition = options.partition ?? 'aws';
    this.#max = options.maxEntries ?? 10_000;
    this.#interval = options.lastUsedIntervalMs ?? 60_000;
    this.#sessions = options.sessionTokens;
  }

  /**
   * A key id with the request's session token: an ASIA key resolves from its sealed token (see
   * session-credentials.ts), anything else from the store. `now` decides expiry.
   */
  async resolveRequest(
    accessKeyId: string,
    securityToken: string | undefined,
    now: Date,
  ): Promise<ResolvedCredential | undefined> {
    if (!isTemporaryKeyId(accessKeyId)) return this.resolve(accessKeyId);
    if (securityToken === undefined || this.#sessions === undefined) return undefined;
    return resolveSession(this.#store, this.#sessions, accessKeyId, securityToken, now, this.#partition);
  }

  /** The key's secret and caller; undefined for an unknown or inactive key. */
  async resolve(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const cached = this.#cache.get(accessKeyId);
    if (cached !== undefined) {
      if ((await this.#store.generation(cached.caller.accountId)) === cached.generation) return cached;
      this.#cache.delete(accessKeyId);
    }
    const fresh = await this.#load(accessKeyId as AccessKeyId);
    if (fresh !== undefined) {
      if (this.#cache.size >= this.#max) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(accessKeyId, fresh);
    }
    return fresh;
  }

  async #load(accessKeyId: AccessKeyId): Promise<ResolvedCredential | undefined> {
    return this.#store.read(async (r) => {
      const key = await r.accessKeys.find(accessKeyId);
      if (key === undefined || key.status !== 'Active') return undefined;
      const accountId = key.accountId;
      // Read before anything else, so a concurrent write makes the entry stale rather than wrong.
      const generation = await r.accounts.generation(accountId);
      let caller: Caller;
      if (key.userName === undefined) {
        caller = {
          accountId,
          principal: { type: 'root', arn: rootArn(accountId, this.#partition), account: accountId },
          principalId: accountId,
          accessKeyId,
        };
      } else {
        const user = await r.users.get(accountId, key.userName);
        if (user === undefined) return undefined;
        caller = {
          accountId,
          principal: { type: 'user', arn: user.arn, account: accountId },
          principalId: user.id,
          userName: user.name,
          accessKeyId,
        };
      }
      const secretAccessKey = this.#box.open(key.secretCiphertext, secretAad(accessKeyId));
      return { secretAccessKey, caller, generation };
    });
  }

  /**
   * Records a key's last use (AccessKeyLastUsed) at most once per key per interval: usage tracking
   * is advisory and must not cost a write per request. Failures are reported, never thrown.
   */
  recordUse(use: LastUse, onError?: (e: unknown) => void): void {
    const last = this.#lastWritten.get(use.accessKeyId);
    const t = use.at.getTime();
    if (last !== undefined && t - last < this.#interval) return;
    if (this.#lastWritten.size >= this.#max) this.#lastWritten.clear();
    this.#lastWritten.set(use.accessKeyId, t);
    this.#store
      .transaction((tx) =>
        tx.accessKeys.recordLastUsed(use.accountId, use.accessKeyId as AccessKeyId, {
          lastUsedDate: use.at,
          serviceName: use.service,
          region: use.region,
        }),
      )
      .catch((e: unknown) => onError?.(e));
  }

  /** Drops every cached entry (tests; a master key rotation). */
  clear(): void {
    this.#cache.clear();
  }
}
