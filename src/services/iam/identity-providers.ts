/**
 * OpenID Connect and SAML identity providers (IAM's CreateOpenIDConnectProvider, CreateSAMLProvider
 * and their families). A provider is named by its ARN; the OIDC ARN's resource is the issuer URL
 * without `https://`, which is also the prefix of the condition keys AssumeRoleWithWebIdentity sets.
 */
import { X509Certificate } from 'node:crypto';
import { parseArn } from '../../core/arn.js';
import { AwsError } from '../../core/aws-error.js';
import {
  CLIENT_IDS_PER_PROVIDER,
  type OidcProvider,
  oidcProviderArn,
  oidcProviderKey,
  PROVIDERS_PER_ACCOUNT,
  type SamlProvider,
  samlProviderArn,
  THUMBPRINTS_PER_PROVIDER,
} from '../../domain/identity-provider.js';
import type { OperationInput, ResourceScope } from '../../protocol/operation-registry.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { parseSamlMetadata } from './saml-metadata.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys, tagsMember, toTagShapes } from './tags.js';

const quota = (name: string, limit: number) =>
  new AwsError('LimitExceeded', `Cannot exceed quota for ${name}: ${limit}`);

/** The key an OIDC provider ARN of this account names; NoSuchEntity for another account's. */
function oidcKeyOf(arn: string, ctx: OperationContext): string {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam' || !parsed.resource.startsWith('oidc-provider/')) {
    throw new AwsError('InvalidInput', `Invalid ARN: ${arn}`);
  }
  if (parsed.account !== ctx.accountId) throw noSuchOidc(arn);
  return parsed.resource.slice('oidc-provider/'.length);
}

function samlNameOf(arn: string, ctx: OperationContext): string {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam' || !parsed.resource.startsWith('saml-provider/')) {
    throw new AwsError('InvalidInput', `Invalid ARN: ${arn}`);
  }
  if (parsed.account !== ctx.accountId) throw noSuchSaml(arn);
  return parsed.resource.slice('saml-provider/'.length);
}

const noSuchOidc = (arn: string) =>
  new AwsError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
const noSuchSaml = (arn: string) => new AwsError('NoSuchEntity', `Manifest not found for arn ${arn}`);

async function oidcOf(ctx: OperationContext, arn: string): Promise<OidcProvider> {
  const provider = await ctx.tx.identityProviders.getOidc(ctx.accountId, oidcKeyOf(arn, ctx));
  if (provider === undefined) throw noSuchOidc(arn);
  return provider;
}

async function samlOf(ctx: OperationContext, arn: string): Promise<SamlProvider> {
  const provider = await ctx.tx.identityProviders.getSaml(ctx.accountId, samlNameOf(arn, ctx));
  if (provider === undefined) throw noSuchSaml(arn);
  return provider;
}

function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > THUMBPRINTS_PER_PROVIDER) {
    throw quota('ThumbprintsPerOpenIdConnectProvider', THUMBPRINTS_PER_PROVIDER);
  }
  for (const t of list) {
    if (!/^[0-9A-Fa-f]{40}$/.test(t)) {
      throw new AwsError('InvalidInput', `Thumbprint ${t} is not a 40-character hexadecimal SHA-1 hash.`);
    }
  }
  return list.map((t) => t.toLowerCase());
}

function checkClientIds(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.length > CLIENT_IDS_PER_PROVIDER) {
    throw quota('ClientIdsPerOpenIdConnectProvider', CLIENT_IDS_PER_PROVIDER);
  }
  return unique;
}

const oidcArnResource = (input: { OpenIDConnectProviderArn: string }) => input.OpenIDConnectProviderArn;
const samlArnResource = (input: { SAMLProviderArn: string }) => input.SAMLProviderArn;

// ---- OpenID Connect ------------------------------------------------------------------------

export const createOpenIDConnectProvider = iamOperation<
  { Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: TagShape[] },
  { OpenIDConnectProviderArn: string; Tags?: TagShape[] }
>({
  name: 'CreateOpenIDConnectProvider',
  readOnly: false,
  resource: (input, scope: ResourceScope) => {
    try {
      return oidcProviderArn(scope.partition, scope.accountId, oidcProviderKey(input.Url));
    } catch {
      return ANY_RESOURCE();
    }
  },
  requestKeys: (input) => tagRequestKeys(input.Tags),
  handler: async (input, ctx) => {
    const key = oidcProviderKey(input.Url);
    const thumbprints = checkThumbprints(input.ThumbprintList ?? []);
    const clientIds = checkClientIds(input.ClientIDList ?? []);
    const tags = input.Tags ?? [];
    checkTags('oidc-provider', tags);
    const existing = await ctx.tx.identityProviders.listOidc(ctx.accountId);
    if (existing.some((p) => p.key === key)) {
      throw new AwsError('EntityAlreadyExists', `Provider with url ${input.Url} already exists.`);
    }
    if (existing.length >= PROVIDERS_PER_ACCOUNT) {
      throw quota('OpenIdConnectProvidersPerAccount', PROVIDERS_PER_ACCOUNT);
    }
    const provider = await ctx.tx.identityProviders.createOidc(ctx.accountId, {
      key,
      url: `https://${key}`,
      clientIds,
      thumbprints,
      createDate: ctx.now,
    });
    if (tags.length > 0) await ctx.tx.tags.put(ctx.accountId, 'oidc-provider', key, fromTagShapes(tags));
    return { OpenIDConnectProviderArn: provider.arn, ...(tags.length > 0 && { Tags: tags }) };
  },
});

export const getOpenIDConnectProvider = iamOperation<
  { OpenIDConnectProviderArn: string },
  { Url: string; ClientIDList: string[]; ThumbprintList: string[]; CreateDate: Date; Tags?: TagShape[] }
>({
  name: 'GetOpenIDConnectProvider',
  readOnly: true,
  resource: oidcArnResource,
  handler: async (input, ctx) => {
    const p = await oidcOf(ctx, input.OpenIDConnectProviderArn);
    const tags = await ctx.tx.tags.list(ctx.accountId, 'oidc-provider', p.key);
    // AWS returns the URL without its scheme here.
    return {
      Url: p.key,
      ClientIDList: [...p.clientIds],
      ThumbprintList: [...p.thumbprints],
      CreateDate: p.createDate,
      ...tagsMember(tags),
    };
  },
});

export const listOpenIDConnectProviders = iamOperation<
  OperationInput,
  { OpenIDConnectProviderList: { Arn: string }[] }
>({
  name: 'ListOpenIDConnectProviders',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const list = await ctx.tx.identityProviders.listOidc(ctx.accountId);
    return { OpenIDConnectProviderList: list.map((p) => ({ Arn: p.arn })) };
  },
});

export const deleteOpenIDConnectProvider = iamOperation<{ OpenIDConnectProviderArn: string }, undefined>({
  name: 'DeleteOpenIDConnectProvider',
  readOnly: false,
  resource: oidcArnResource,
  handler: async (input, ctx) => {
    // AWS answers a missing provider with NoSuchEntity.
    const key = oidcKeyOf(input.OpenIDConnectProviderArn, ctx);
    if (!(await ctx.tx.identityProviders.deleteOidc(ctx.accountId, key))) {
      throw noSuchOidc(input.OpenIDConnectProviderArn);
    }
    return undefined;
  },
});

export const addClientIDToOpenIDConnectProvider = iamOperation<
  { OpenIDConnectProviderArn: string; ClientID: string },
  undefined
>({
  name: 'AddClientIDToOpenIDConnectProvider',
  readOnly: false,
  resource: oidcArnResource,
  handler: async (input, ctx) => {
    const p = await oidcOf(ctx, input.OpenIDConnectProviderArn);
    // Adding a client id that is already there succeeds and changes nothing.
    if (p.clientIds.includes(input.ClientID)) return undefined;
    const clientIds = checkClientIds([...p.clientIds, input.ClientID]);
    await ctx.tx.identityProviders.updateOidc(ctx.accountId, p.key, {
      clientIds,
      thumbprints: p.thumbprints,
    });
    return undefined;
  },
});

export const removeClientIDFromOpenIDConnectProvider = iamOperation<
  { OpenIDConnectProviderArn: string; ClientID: string },
  undefined
>({
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  readOnly: false,
  resource: oidcArnResource,
  handler: async (input, ctx) => {
    const p = await oidcOf(ctx, input.OpenIDConnectProviderArn);
    // Removing a client id that is not there succeeds (AWS: "no action occurs").
    const clientIds = p.clientIds.filter((c) => c !== input.ClientID);
    if (clientIds.length !== p.clientIds.length) {
      await ctx.tx.identityProviders.updateOidc(ctx.accountId, p.key, {
        clientIds,
        thumbprints: p.thumbprints,
      });
    }
    return undefined;
  },
});

export const updateOpenIDConnectProviderThumbprint = iamOperation<
  { OpenIDConnectProviderArn: string; ThumbprintList: string[] },
  undefined
>({
  name: 'UpdateOpenIDConnectProviderThumbprint',
  readOnly: false,
  resource: oidcArnResource,
  handler: async (input, ctx) => {
    const p = await oidcOf(ctx, input.OpenIDConnectProviderArn);
    const thumbprints = checkThumbprints(input.ThumbprintList);
    await ctx.tx.identityProviders.updateOidc(ctx.accountId, p.key, { clientIds: p.clientIds, thumbprints });
    return undefined;
  },
});

// ---- SAML ----------------------------------------------------------------------------------

/** AWS keeps a provider without a validUntil in its metadata valid for 100 years. */
const HUNDRED_YEARS_MS = 100 * 365.25 * 24 * 3600 * 1000;

function metadataOf(document: string, now: Date) {
  const metadata = parseSamlMetadata(document);
  for (const cert of metadata.signingCertificates) {
    try {
      new X509Certificate(Buffer.from(cert, 'base64'));
    } catch {
      throw new AwsError(
        'InvalidInput',
        'Could not parse metadata: a signing certificate is not an X.509 certificate',
      );
    }
  }
  return {
    entityId: metadata.entityId,
    signingCertificates: metadata.signingCertificates,
    validUntil: metadata.validUntil ?? new Date(now.getTime() + HUNDRED_YEARS_MS),
  };
}

const unsupportedEncryption = (input: { AddPrivateKey?: string; AssertionEncryptionMode?: string }) => {
  if (input.AddPrivateKey !== undefined || input.AssertionEncryptionMode === 'Required') {
    throw new AwsError('InvalidInput', 'Encrypted SAML assertions are not supported by this server.');
  }
};

export const createSAMLProvider = iamOperation<
  {
    SAMLMetadataDocument: string;
    Name: string;
    Tags?: TagShape[];
    AssertionEncryptionMode?: string;
    AddPrivateKey?: string;
  },
  { SAMLProviderArn: string; Tags?: TagShape[] }
>({
  name: 'CreateSAMLProvider',
  readOnly: false,
  resource: (input, scope) => samlProviderArn(scope.partition, scope.accountId, input.Name),
  requestKeys: (input) => tagRequestKeys(input.Tags),
  handler: async (input, ctx) => {
    unsupportedEncryption(input);
    const tags = input.Tags ?? [];
    checkTags('saml-provider', tags);
    const metadata = metadataOf(input.SAMLMetadataDocument, ctx.now);
    const existing = await ctx.tx.identityProviders.listSaml(ctx.accountId);
    if (existing.length >= PROVIDERS_PER_ACCOUNT)
      throw quota('SamlProvidersPerAccount', PROVIDERS_PER_ACCOUNT);
    const provider = await ctx.tx.identityProviders.createSaml(ctx.accountId, {
      name: input.Name,
      metadataDocument: input.SAMLMetadataDocument,
      ...metadata,
      createDate: ctx.now,
    });
    if (tags.length > 0)
      await ctx.tx.tags.put(ctx.accountId, 'saml-provider', input.Name, fromTagShapes(tags));
    return { SAMLProviderArn: provider.arn, ...(tags.length > 0 && { Tags: tags }) };
  },
});

export const getSAMLProvider = iamOperation<
  { SAMLProviderArn: string },
  { SAMLMetadataDocument: string; CreateDate: Date; ValidUntil: Date; Tags?: TagShape[] }
>({
  name: 'GetSAMLProvider',
  readOnly: true,
  resource: samlArnResource,
  handler: async (input, ctx) => {
    const p = await samlOf(ctx, input.SAMLProviderArn);
    const tags = await ctx.tx.tags.list(ctx.accountId, 'saml-provider', p.name);
    return {
      SAMLMetadataDocument: p.metadataDocument,
      CreateDate: p.createDate,
      ValidUntil: p.validUntil,
      ...tagsMember(tags),
    };
  },
});

export const listSAMLProviders = iamOperation<
  OperationInput,
  { SAMLProviderList: { Arn: string; ValidUntil: Date; CreateDate: Date }[] }
>({
  name: 'ListSAMLProviders',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const list = await ctx.tx.identityProviders.listSaml(ctx.accountId);
    return {
      SAMLProviderList: list.map((p) => ({ Arn: p.arn, ValidUntil: p.validUntil, CreateDate: p.createDate })),
    };
  },
});

export const updateSAMLProvider = iamOperation<
  {
    SAMLProviderArn: string;
    SAMLMetadataDocument?: string;
    AssertionEncryptionMode?: string;
    AddPrivateKey?: string;
    RemovePrivateKey?: string;
  },
  { SAMLProviderArn: string }
>({
  name: 'UpdateSAMLProvider',
  readOnly: false,
  resource: samlArnResource,
  handler: async (input, ctx) => {
    unsupportedEncryption(input);
    const p = await samlOf(ctx, input.SAMLProviderArn);
    if (input.SAMLMetadataDocument !== undefined) {
      const metadata = metadataOf(input.SAMLMetadataDocument, ctx.now);
      await ctx.tx.identityProviders.updateSaml(ctx.accountId, p.name, {
        metadataDocument: input.SAMLMetadataDocument,
        ...metadata,
      });
    }
    return { SAMLProviderArn: p.arn };
  },
});

export const deleteSAMLProvider = iamOperation<{ SAMLProviderArn: string }, undefined>({
  name: 'DeleteSAMLProvider',
  readOnly: false,
  resource: samlArnResource,
  handler: async (input, ctx) => {
    const name = samlNameOf(input.SAMLProviderArn, ctx);
    if (!(await ctx.tx.identityProviders.deleteSaml(ctx.accountId, name))) {
      throw noSuchSaml(input.SAMLProviderArn);
    }
    return undefined;
  },
});

// ---- Tags ----------------------------------------------------------------------------------

interface ProviderTagSpec {
  readonly word: 'OpenIDConnectProvider' | 'SAMLProvider';
  readonly kind: 'oidc-provider' | 'saml-provider';
  readonly arnKey: 'OpenIDConnectProviderArn' | 'SAMLProviderArn';
  /** The tags' entity id (OIDC key, SAML name), or NoSuchEntity. */
  readonly idOf: (ctx: OperationContext, arn: string) => Promise<string>;
}

function providerTagOperations(spec: ProviderTagSpec) {
  const arnOf = (input: OperationInput) => String(input[spec.arnKey]);
  const tag = iamOperation<OperationInput & { Tags: TagShape[] }, undefined>({
    name: `Tag${spec.word}`,
    readOnly: false,
    resource: arnOf,
    requestKeys: (input) => tagRequestKeys(input.Tags),
    handler: async (input, ctx) => {
      const id = await spec.idOf(ctx, arnOf(input));
      checkTags(spec.kind, input.Tags, await ctx.tx.tags.list(ctx.accountId, spec.kind, id));
      await ctx.tx.tags.put(ctx.accountId, spec.kind, id, fromTagShapes(input.Tags));
      return undefined;
    },
  });
  const untag = iamOperation<OperationInput & { TagKeys: string[] }, undefined>({
    name: `Untag${spec.word}`,
    readOnly: false,
    resource: arnOf,
    requestKeys: (input) => ({ 'aws:TagKeys': input.TagKeys }),
    handler: async (input, ctx) => {
      const id = await spec.idOf(ctx, arnOf(input));
      await ctx.tx.tags.remove(ctx.accountId, spec.kind, id, input.TagKeys);
      return undefined;
    },
  });
  const list = iamOperation<OperationInput & PageInput, { Tags: TagShape[] } & PageOutput>({
    name: `List${spec.word}Tags`,
    readOnly: true,
    resource: arnOf,
    handler: async (input, ctx) => {
      const id = await spec.idOf(ctx, arnOf(input));
      const tags = await ctx.tx.tags.list(ctx.accountId, spec.kind, id);
      const page = pageOf(tags, (t) => t.key, `tags|${spec.kind}|${id}`, input);
      return { Tags: toTagShapes(page.items), ...pageOutput(page) };
    },
  });
  return { tag, untag, list };
}

const oidcTags = providerTagOperations({
  word: 'OpenIDConnectProvider',
  kind: 'oidc-provider',
  arnKey: 'OpenIDConnectProviderArn',
  idOf: async (ctx, arn) => (await oidcOf(ctx, arn)).key,
});
const samlTags = providerTagOperations({
  word: 'SAMLProvider',
  kind: 'saml-provider',
  arnKey: 'SAMLProviderArn',
  idOf: async (ctx, arn) => (await samlOf(ctx, arn)).name,
});

export const tagOpenIDConnectProvider = oidcTags.tag;
export const untagOpenIDConnectProvider = oidcTags.untag;
export const listOpenIDConnectProviderTags = oidcTags.list;
export const tagSAMLProvider = samlTags.tag;
export const untagSAMLProvider = samlTags.untag;
export const listSAMLProviderTags = samlTags.list;
