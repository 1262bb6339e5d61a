import type { Selectable } from 'kysely';
import { AwsError } from '../../core/aws-error.js';
import {
  type OidcProvider,
  oidcProviderArn,
  type SamlProvider,
  samlProviderArn,
} from '../../domain/identity-provider.js';
import type { AccountId } from '../../domain/ids.js';
import type { IdentityProvidersRepo, NewOidcProvider, NewSamlProvider } from '../identity-providers-repo.js';
import { dateOf, iso, type SqlContext, unique } from './context.js';
import { deleteTagsOf } from './owners.js';
import type { IdentityProvidersTable } from './schema.js';

interface OidcData {
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
}

interface SamlData {
  readonly metadataDocument: string;
  readonly entityId: string;
  readonly signingCertificates: readonly string[];
}

type Row = Selectable<IdentityProvidersTable>;

export class SqlIdentityProviders implements IdentityProvidersRepo {
  constructor(private readonly ctx: SqlContext) {}

  #oidc(row: Row): OidcProvider {
    const data = JSON.parse(row.data) as OidcData;
    return {
      accountId: row.account_id,
      key: row.name,
      arn: oidcProviderArn(this.ctx.partition, row.account_id, row.name),
      url: data.url,
      clientIds: data.clientIds,
      thumbprints: data.thumbprints,
      createDate: dateOf(row.create_date),
    };
  }

  #saml(row: Row): SamlProvider {
    const data = JSON.parse(row.data) as SamlData;
    return {
      accountId: row.account_id,
      name: row.name,
      arn: samlProviderArn(this.ctx.partition, row.account_id, row.name),
      metadataDocument: data.metadataDocument,
      entityId: data.entityId,
      signingCertificates: data.signingCertificates,
      createDate: dateOf(row.create_date),
      validUntil: dateOf(row.valid_until ?? row.create_date),
    };
  }

  #rows(accountId: AccountId, kind: 'oidc' | 'saml') {
    return this.ctx.db
      .selectFrom('identity_providers')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', kind);
  }

  async getOidc(accountId: AccountId, key: string): Promise<OidcProvider | undefined> {
    const row = await this.#rows(accountId, 'oidc').where('name', '=', key).executeTakeFirst();
    return row && this.#oidc(row);
  }

  async listOidc(accountId: AccountId): Promise<readonly OidcProvider[]> {
    const rows = await this.#rows(accountId, 'oidc').orderBy('name').execute();
    return rows.map((r) => this.#oidc(r));
  }

  async getSaml(accountId: AccountId, name: string): Promise<SamlProvider | undefined> {
    const row = await this.#rows(accountId, 'saml').where('name', '=', name).executeTakeFirst();
    return row && this.#saml(row);
  }

  async listSaml(accountId: AccountId): Promise<readonly SamlProvider[]> {
    const rows = await this.#rows(accountId, 'saml').orderBy('name').execute();
    return rows.map((r) => this.#saml(r));
  }

  async createOidc(accountId: AccountId, input: NewOidcProvider): Promise<OidcProvider> {
    this.ctx.touch(accountId);
    const data: OidcData = { url: input.url, clientIds: input.clientIds, thumbprints: input.thumbprints };
    const row: Row = {
      account_id: accountId,
      kind: 'oidc',
      name: input.key,
      create_date: iso(input.createDate),
      valid_until: null,
      data: JSON.stringify(data),
    };
    await unique(
      this.ctx,
      () => new AwsError('EntityAlreadyExists', `Provider with url ${input.url} already exists.`),
      () => this.ctx.db.insertInto('identity_providers').values(row).execute(),
    );
    return this.#oidc(row);
  }

  async updateOidc(
    accountId: AccountId,
    key: string,
    change: { readonly clientIds: readonly string[]; readonly thumbprints: readonly string[] },
  ): Promise<boolean> {
    const current = await this.getOidc(accountId, key);
    if (current === undefined) return false;
    this.ctx.touch(accountId);
    const data: OidcData = { url: current.url, clientIds: change.clientIds, thumbprints: change.thumbprints };
    await this.ctx.db
      .updateTable('identity_providers')
      .set({ data: JSON.stringify(data) })
      .where('account_id', '=', accountId)
      .where('kind', '=', 'oidc')
      .where('name', '=', key)
      .execute();
    return true;
  }

  async #delete(accountId: AccountId, kind: 'oidc' | 'saml', name: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('identity_providers')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    this.ctx.touch(accountId);
    await deleteTagsOf(this.ctx, accountId, `${kind}-provider`, name);
    return true;
  }

  deleteOidc(accountId: AccountId, key: string): Promise<boolean> {
    return this.#delete(accountId, 'oidc', key);
  }

  async createSaml(accountId: AccountId, input: NewSamlProvider): Promise<SamlProvider> {
    this.ctx.touch(accountId);
    const data: SamlData = {
      metadataDocument: input.metadataDocument,
      entityId: input.entityId,
      signingCertificates: input.signingCertificates,
    };
    const row: Row = {
      account_id: accountId,
      kind: 'saml',
      name: input.name,
      create_date: iso(input.createDate),
      valid_until: iso(input.validUntil),
      data: JSON.stringify(data),
    };
    const arn = samlProviderArn(this.ctx.partition, accountId, input.name);
    await unique(
      this.ctx,
      () => new AwsError('EntityAlreadyExists', `SAMLProvider ${arn} already exists.`),
      () => this.ctx.db.insertInto('identity_providers').values(row).execute(),
    );
    return this.#saml(row);
  }

  async updateSaml(
    accountId: AccountId,
    name: string,
    change: Pick<NewSamlProvider, 'metadataDocument' | 'entityId' | 'signingCertificates' | 'validUntil'>,
  ): Promise<boolean> {
    const data: SamlData = {
      metadataDocument: change.metadataDocument,
      entityId: change.entityId,
      signingCertificates: change.signingCertificates,
    };
    const result = await this.ctx.db
      .updateTable('identity_providers')
      .set({ data: JSON.stringify(data), valid_until: iso(change.validUntil) })
      .where('account_id', '=', accountId)
      .where('kind', '=', 'saml')
      .where('name', '=', name)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    this.ctx.touch(accountId);
    return true;
  }

  deleteSaml(accountId: AccountId, name: string): Promise<boolean> {
    return this.#delete(accountId, 'saml', name);
  }
}
