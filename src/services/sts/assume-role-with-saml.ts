/**
 * AssumeRoleWithSAML: unsigned; the signed assertion is the caller. The assertion is verified
 * (auth/saml-assertion.ts) against PrincipalArn's metadata; its Role attribute must pair RoleArn
 * with PrincipalArn; the role's trust policy is evaluated with `{"Federated": <provider ARN>}` and
 * the `saml:*` keys AWS sets; then the session is issued with the assertion's RoleSessionName,
 * SessionDuration, PrincipalTag, TransitiveTagKeys and SourceIdentity attributes.
 */
import { createHash } from 'node:crypto';
import { parseArn } from '../../core/arn.js';
import { AwsError } from '../../core/aws-error.js';
import type { SessionIssuer, SessionTag } from '../../domain/session.js';
import { stsOperation } from './define.js';
import { issueFederatedSession } from './federated-session.js';
import { roleArnParts } from './assume-role.js';
import { checkFederatedTrust, notAuthorized } from './federated-trust.js';
import type { SamlAttribute, VerifiedSamlAssertion } from './identity-verifiers.js';
import type { CredentialsShape } from './issue-session.js';
import { tagRequestKeys } from './session-inputs.js';

export type AssumeRoleWithSamlInput = {
  readonly RoleArn: string;
  readonly PrincipalArn: string;
  readonly SAMLAssertion: string;
  readonly PolicyArns?: readonly { readonly arn?: string }[];
  readonly Policy?: string;
  readonly DurationSeconds?: number;
};

export type AssumeRoleWithSamlOutput = {
  readonly Credentials: CredentialsShape;
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string };
  readonly PackedPolicySize?: number;
  readonly Subject: string;
  readonly SubjectType: string;
  readonly Issuer: string;
  readonly Audience: string;
  readonly NameQualifier: string;
  readonly SourceIdentity?: string;
};

const ACTION = 'sts:AssumeRoleWithSAML';
const AWS_ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const DEFAULT_DURATION_SECONDS = 3600;

/** SAML attributes AWS maps to `saml:<key>` condition keys (by OID or friendly name). */
const MAPPED_ATTRIBUTES: Readonly<Record<string, string>> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'edupersonaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': 'edupersonnickname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': 'edupersonorgdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': 'edupersonorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'edupersonprimaryaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'edupersonprincipalname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'edupersonentitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': 'edupersonprimaryorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'edupersonscopedaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'edupersontargetedid',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': 'edupersonassurance',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': 'eduorghomepageuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': 'eduorglegalname',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.10': 'eduorgidentityauthnpolicyuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.11': 'eduorgsuperioruri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.12': 'eduorgwhitepagesuri',
  'urn:oid:2.5.4.3': 'cn',
  'urn:oid:2.5.4.4': 'sn',
  'urn:oid:2.5.4.10': 'o',
  'urn:oid:2.5.4.11': 'ou',
  'urn:oid:2.5.4.42': 'givenName',
  'urn:oid:0.9.2342.19200300.100.1.1': 'uid',
  'urn:oid:0.9.2342.19200300.100.1.3': 'mail',
};

const valuesOf = (attrs: readonly SamlAttribute[], name: string): string[] =>
  attrs.filter((a) => a.name === name).flatMap((a) => a.values);

const invalid = (message: string) => new AwsError('InvalidIdentityToken', message);

/** AWS's SubjectType: the persistent/transient short form, other formats unchanged. */
const subjectType = (format: string | undefined): string =>
  format === undefined
    ? 'unspecified'
    : format.startsWith(NAMEID_PREFIX)
      ? format.slice(NAMEID_PREFIX.length)
      : format;

/** BASE64(SHA1(Issuer + account id + "/" + provider name)), as AWS computes NameQualifier. */
export const nameQualifier = (issuer: string, accountId: string, providerName: string): string =>
  createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');

/** The (role, provider) pairs of the Role attribute, in either order within each value. */
function rolePairs(attrs: readonly SamlAttribute[]): { role: string; provider: string }[] {
  const pairs: { role: string; provider: string }[] = [];
  for (const value of valuesOf(attrs, `${AWS_ATTR}Role`)) {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length !== 2) continue;
    const [a, b] = parts as [string, string];
    const isRole = (arn: string) => parseArn(arn)?.resource.startsWith('role/') === true;
    if (isRole(a)) pairs.push({ role: a, provider: b });
    else if (isRole(b)) pairs.push({ role: b, provider: a });
  }
  return pairs;
}

function sessionTags(attrs: readonly SamlAttribute[]): SessionTag[] {
  const tags: SessionTag[] = [];
  const seen = new Set<string>();
  const prefix = `${AWS_ATTR}PrincipalTag:`;
  for (const attr of attrs) {
    if (!attr.name.startsWith(prefix)) continue;
    const key = attr.name.slice(prefix.length);
    if (seen.has(key.toLowerCase())) {
      throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    seen.add(key.toLowerCase());
    tags.push({ key, value: attr.values[0] ?? '' });
  }
  return tags;
}

function sessionDuration(input: AssumeRoleWithSamlInput, attrs: readonly SamlAttribute[]): number {
  if (input.DurationSeconds !== undefined) return input.DurationSeconds;
  const attr = valuesOf(attrs, `${AWS_ATTR}SessionDuration`)[0];
  if (attr === undefined) return DEFAULT_DURATION_SECONDS;
  const seconds = Number(attr);
  if (!/^\d+$/.test(attr) || seconds < 900 || seconds > 43200) {
    throw invalid('The SessionDuration attribute must be a number of seconds from 900 to 43200.');
  }
  return seconds;
}

function samlKeys(
  assertion: VerifiedSamlAssertion,
  accountId: string,
  providerName: string,
): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = {
    'saml:aud': assertion.recipient,
    'saml:iss': assertion.issuer,
    'saml:sub': assertion.nameId,
    'saml:sub_type': subjectType(assertion.nameIdFormat),
    'saml:namequalifier': nameQualifier(assertion.issuer, accountId, providerName),
    'saml:doc': `${accountId}/${providerName}`,
  };
  for (const attr of assertion.attributes) {
    const key = MAPPED_ATTRIBUTES[attr.name] ?? Object.values(MAPPED_ATTRIBUTES).find((k) => k === attr.name);
    if (key !== undefined && attr.values.length > 0) keys[`saml:${key}`] = [...attr.values];
  }
  return keys;
}

export const assumeRoleWithSAML = stsOperation<AssumeRoleWithSamlInput, AssumeRoleWithSamlOutput>({
  name: 'AssumeRoleWithSAML',
  readOnly: false,
  resource: (input) => input.RoleArn,
  handler: async (input, ctx) => {
    const verifier = ctx.identityVerifiers?.saml;
    if (verifier === undefined) throw new Error('AssumeRoleWithSAML needs the server identity verifiers');
    const { accountId, name } = roleArnParts(input.RoleArn);
    const principal = parseArn(input.PrincipalArn);
    if (principal?.service !== 'iam' || !principal.resource.startsWith('saml-provider/')) {
      throw new AwsError('ValidationError', `${input.PrincipalArn} is invalid`);
    }
    const providerName = principal.resource.slice('saml-provider/'.length);
    const provider =
      principal.account === accountId
        ? await ctx.tx.identityProviders.getSaml(accountId, providerName)
        : undefined;
    if (provider === undefined)
      throw invalid(`SAML provider ${input.PrincipalArn} does not exist in the role's account.`);
    if (provider.validUntil.getTime() <= ctx.now.getTime()) {
      throw invalid(`The metadata of SAML provider ${input.PrincipalArn} is no longer valid.`);
    }
    const assertion = verifier.verify(input.SAMLAssertion, provider, ctx.now);
    const attrs = assertion.attributes;
    if (!rolePairs(attrs).some((p) => p.role === input.RoleArn && p.provider === input.PrincipalArn)) {
      throw notAuthorized(ACTION);
    }
    const sessionName = valuesOf(attrs, `${AWS_ATTR}RoleSessionName`)[0];
    if (sessionName === undefined || !SESSION_NAME.test(sessionName)) {
      throw invalid(
        'The RoleSessionName attribute must be present and 2 to 64 characters of letters, digits and +=,.@_-',
      );
    }
    const sourceIdentity = valuesOf(attrs, `${AWS_ATTR}SourceIdentity`)[0];
    if (
      sourceIdentity !== undefined &&
      (!SOURCE_IDENTITY.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))
    ) {
      throw invalid('The SourceIdentity attribute must be 2 to 64 characters of letters, digits and +=,.@_-');
    }
    const tags = sessionTags(attrs);
    const transitive = valuesOf(attrs, `${AWS_ATTR}TransitiveTagKeys`);
    const tagKeys = new Set(tags.map((t) => t.key.toLowerCase()));
    if (transitive.some((k) => !tagKeys.has(k.toLowerCase()))) {
      throw invalid('The specified transitive tag key must be included in the requested tags.');
    }

    const role = await ctx.tx.roles.get(accountId, name);
    if (role === undefined || role.arn !== input.RoleArn) throw notAuthorized(ACTION);
    const keys = samlKeys(assertion, accountId, provider.name);
    checkFederatedTrust({
      role,
      action: ACTION,
      principalType: 'saml',
      providerArn: provider.arn,
      keys: {
        ...keys,
        'sts:RoleSessionName': sessionName,
        ...(sourceIdentity !== undefined && { 'sts:SourceIdentity': sourceIdentity }),
        ...tagRequestKeys(tags),
        ...(transitive.length > 0 && { 'sts:TransitiveTagKeys': transitive }),
      },
      now: ctx.now,
      tagged: tags.length > 0,
      setsSourceIdentity: sourceIdentity !== undefined,
    });
    const issuer: SessionIssuer = {
      kind: 'saml',
      provider: provider.arn,
      subject: assertion.nameId,
      keys: Object.fromEntries(
        Object.entries(keys).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ),
    };
    return {
      ...(await issueFederatedSession(ctx, {
        accountId,
        role,
        durationSeconds: sessionDuration(input, attrs),
        sessionName,
        input,
        tags,
        transitiveTagKeys: transitive,
        sourceIdentity,
        issuer,
      })),
      Subject: assertion.nameId,
      SubjectType: subjectType(assertion.nameIdFormat),
      Issuer: assertion.issuer,
      Audience: assertion.recipient,
      NameQualifier: nameQualifier(assertion.issuer, accountId, provider.name),
    };
  },
});
