/**
 * AssumeRoleWithWebIdentity: unsigned; the OIDC token is the caller. The token is verified
 * (auth/oidc-token.ts) against the role account's provider for its issuer, the role's trust policy
 * is evaluated with `{"Federated": <provider ARN>}` and the provider's keys (`<host/path>:sub`,
 * `:aud`, `:oaud`, `:azp`, `:amr`), then the session is issued.
 */
import { AwsError } from '../../core/aws-error.js';
import type { SessionIssuer, SessionTag } from '../../domain/session.js';
import { stsOperation } from './define.js';
import { issueFederatedSession } from './federated-session.js';
import { roleArnParts } from './assume-role.js';
import { checkFederatedTrust, notAuthorized } from './federated-trust.js';
import type { CredentialsShape } from './issue-session.js';
import { tagRequestKeys } from './session-inputs.js';
import type { VerifiedWebIdentity } from './identity-verifiers.js';

export type AssumeRoleWithWebIdentityInput = {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly WebIdentityToken: string;
  readonly ProviderId?: string;
  readonly PolicyArns?: readonly { readonly arn?: string }[];
  readonly Policy?: string;
  readonly DurationSeconds?: number;
};

export type AssumeRoleWithWebIdentityOutput = {
  readonly Credentials: CredentialsShape;
  readonly SubjectFromWebIdentityToken: string;
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string };
  readonly PackedPolicySize?: number;
  readonly Provider: string;
  readonly Audience: string;
  readonly SourceIdentity?: string;
};

const ACTION = 'sts:AssumeRoleWithWebIdentity';
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

/**
 * Session tags from AWS's `https://aws.amazon.com/tags` claim:
 * `{"principal_tags": {"k": ["v"]}, "transitive_tag_keys": ["k"]}` (one value per key).
 */
function claimTags(claims: Readonly<Record<string, unknown>>): { tags: SessionTag[]; transitive: string[] } {
  const claim = claims[TAGS_CLAIM];
  if (claim === undefined) return { tags: [], transitive: [] };
  const bad = () => new AwsError('InvalidIdentityToken', `The ${TAGS_CLAIM} claim is not valid.`);
  if (typeof claim !== 'object' || claim === null) throw bad();
  const { principal_tags: principalTags = {}, transitive_tag_keys: transitiveKeys = [] } = claim as {
    principal_tags?: unknown;
    transitive_tag_keys?: unknown;
  };
  if (typeof principalTags !== 'object' || principalTags === null || !Array.isArray(transitiveKeys))
    throw bad();
  const tags: SessionTag[] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(principalTags)) {
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof v !== 'string' || seen.has(key.toLowerCase())) throw bad();
    seen.add(key.toLowerCase());
    tags.push({ key, value: v });
  }
  const transitive = transitiveKeys.map(String);
  if (transitive.some((k) => !seen.has(k.toLowerCase()))) throw bad();
  return { tags, transitive };
}
const DEFAULT_DURATION_SECONDS = 3600;

export const assumeRoleWithWebIdentity = stsOperation<
  AssumeRoleWithWebIdentityInput,
  AssumeRoleWithWebIdentityOutput
>({
  name: 'AssumeRoleWithWebIdentity',
  readOnly: false,
  resource: (input) => input.RoleArn,
  // The issuer's keys may be fetched over the network: verify before the transaction, holding no lock.
  prepare: async (input, ctx) => {
    const verifier = ctx.identityVerifiers?.webIdentity;
    if (verifier === undefined)
      throw new Error('AssumeRoleWithWebIdentity needs the server identity verifiers');
    const { accountId } = roleArnParts(input.RoleArn);
    // OAuth 2.0 access tokens from Amazon/Facebook (ProviderId) are not supported; only OIDC ID tokens.
    if (input.ProviderId !== undefined) {
      throw new AwsError(
        'InvalidParameterValue',
        'ProviderId is only for OAuth 2.0 access tokens, which this server does not accept: send an OpenID Connect ID token without ProviderId.',
      );
    }
    return verifier.verify(
      input.WebIdentityToken,
      (key) => ctx.read((r) => r.identityProviders.getOidc(accountId, key)),
      ctx.now,
    );
  },
  handler: async (input, ctx) => {
    const { accountId, name } = roleArnParts(input.RoleArn);
    const identity = ctx.prepared as VerifiedWebIdentity | undefined;
    if (identity === undefined) throw new Error('the web identity token was not verified');
    const role = await ctx.tx.roles.get(accountId, name);
    if (role === undefined || role.arn !== input.RoleArn) throw notAuthorized(ACTION);
    const p = identity.provider.key;
    const keys: Record<string, string | readonly string[]> = {
      [`${p}:sub`]: identity.subject,
      [`${p}:aud`]: identity.audience,
      [`${p}:oaud`]: identity.audiences,
      'sts:RoleSessionName': input.RoleSessionName,
    };
    if (identity.authorizedParty !== undefined) keys[`${p}:azp`] = identity.authorizedParty;
    if (identity.amr !== undefined) keys[`${p}:amr`] = identity.amr;
    const { tags, transitive } = claimTags(identity.claims);
    const source = identity.claims[SOURCE_IDENTITY_CLAIM];
    if (source !== undefined && (typeof source !== 'string' || !SOURCE_IDENTITY.test(source))) {
      throw new AwsError('InvalidIdentityToken', `The ${SOURCE_IDENTITY_CLAIM} claim is not valid.`);
    }
    const sourceIdentity = source as string | undefined;
    checkFederatedTrust({
      role,
      action: ACTION,
      principalType: 'webIdentity',
      providerArn: identity.provider.arn,
      keys: {
        ...keys,
        ...tagRequestKeys(tags),
        ...(transitive.length > 0 && { 'sts:TransitiveTagKeys': transitive }),
        ...(sourceIdentity !== undefined && { 'sts:SourceIdentity': sourceIdentity }),
      },
      now: ctx.now,
      tagged: tags.length > 0,
      setsSourceIdentity: sourceIdentity !== undefined,
    });
    const issuer: SessionIssuer = {
      kind: 'web-identity',
      provider: identity.provider.arn,
      subject: identity.subject,
      keys: { [`${p}:sub`]: identity.subject, [`${p}:aud`]: identity.audience },
    };
    return {
      ...(await issueFederatedSession(ctx, {
        accountId,
        role,
        durationSeconds: input.DurationSeconds ?? DEFAULT_DURATION_SECONDS,
        sessionName: input.RoleSessionName,
        input,
        tags,
        transitiveTagKeys: transitive,
        sourceIdentity,
        issuer,
      })),
      SubjectFromWebIdentityToken: identity.subject,
      Provider: identity.provider.key,
      Audience: identity.audience,
    };
  },
});
