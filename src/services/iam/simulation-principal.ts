import { AwsError } from '../../core/aws-error.js';
import { parseArn } from '../../core/arn.js';
import { isAwsManagedPolicyArn } from '../../domain/arns.js';
import type { SourcedPolicy } from '../../domain/principal-policies.js';
import type { ContextValue } from '../../policy/index.js';
import type { OperationContext } from '../operation-context.js';
import { parseSimulatedCaller, SIMULATED_SESSION, type SimulatedCaller } from '../simulation/caller.js';
import { noSuchGroup, noSuchRole, noSuchUser } from './errors.js';
import type { SourceDocument } from './simulation-sources.js';

/** What SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy read about PolicySourceArn. */
export interface PrincipalSource {
  readonly kind: 'user' | 'group' | 'role';
  /** Its identity policies: inline and attached, and for a user its groups' too. */
  readonly identity: readonly SourceDocument[];
  /** Its stored permissions boundary; a document that no longer resolves allows nothing. */
  readonly boundary?: SourceDocument | { readonly sourceId: string; readonly document: undefined };
  /** The caller it simulates as: the user, or a session of the role. A group is nobody. */
  readonly caller?: SimulatedCaller;
}

const nameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
const managedType = (arn: string) => (isAwsManagedPolicyArn(arn) ? 'aws-managed' : 'user-managed');

/** AWS names a matched statement's policy by the policy's name, typed by where it is held. */
const sourced = (p: SourcedPolicy): SourceDocument =>
  p.source === 'inline'
    ? { sourceId: p.name, sourceType: p.ownerKind, document: p.document }
    : { sourceId: nameOf(p.arn ?? p.name), sourceType: managedType(p.arn ?? p.name), document: p.document };

const missing = (kind: string, name: string): AwsError =>
  kind === 'user' ? noSuchUser(name) : kind === 'group' ? noSuchGroup(name) : noSuchRole(name);

/**
 * The user, group or role that PolicySourceArn names, in the caller's account. An ARN of another
 * account, or whose path differs from the entity's, names nothing here: NoSuchEntity.
 */
export async function loadPrincipal(ctx: OperationContext, arnText: string): Promise<PrincipalSource> {
  const arn = parseArn(arnText);
  const kind = arn?.resource.split('/')[0];
  if (arn?.service !== 'iam' || (kind !== 'user' && kind !== 'group' && kind !== 'role')) {
    throw new AwsError('InvalidInput', `Invalid ARN: ${arnText}: expected a user, group or role ARN.`);
  }
  const name = nameOf(arn.resource);
  if (arn.account !== ctx.accountId) throw missing(kind, name);
  if (kind === 'group') return loadGroup(ctx, arnText, name);

  const found = await ctx.tx.principalPolicies(ctx.accountId, { kind, name });
  if (!found || found.principal.arn !== arnText) throw missing(kind, name);
  const parsed = parseSimulatedCaller(arnText);
  const keys = new Map<string, ContextValue>(parsed.ok ? parsed.caller.keys : []);
  const str = (v: string): ContextValue => ({ type: 'string', multi: false, values: [v] });
  // What AWS knows of a real principal that its ARN alone does not say.
  keys.set(
    'aws:userid',
    str(kind === 'user' ? found.principal.id : `${found.principal.id}:${SIMULATED_SESSION}`),
  );
  for (const tag of found.principal.tags) keys.set(`aws:PrincipalTag/${tag.key}`, str(tag.value));
  const boundary = found.permissionsBoundary;
  return {
    kind,
    identity: found.identityPolicies.map(sourced),
    ...(boundary && {
      boundary:
        boundary.document === undefined
          ? { sourceId: nameOf(boundary.arn), document: undefined }
          : {
              sourceId: nameOf(boundary.arn),
              sourceType: managedType(boundary.arn),
              document: boundary.document,
            },
    }),
    ...(parsed.ok && { caller: { principal: parsed.caller.principal, keys } }),
  };
}

async function loadGroup(ctx: OperationContext, arnText: string, name: string): Promise<PrincipalSource> {
  const group = await ctx.tx.groups.get(ctx.accountId, name);
  if (!group || group.arn !== arnText) throw noSuchGroup(name);
  const owner = { kind: 'group' as const, name };
  const identity: SourceDocument[] = [];
  for (const p of (await ctx.tx.inlinePolicies.list(ctx.accountId, owner)) ?? []) {
    identity.push({ sourceId: p.name, sourceType: 'group', document: p.document });
  }
  for (const a of (await ctx.tx.attachments.list(ctx.accountId, owner)) ?? []) {
    const document = await managedDocument(ctx, a.policyArn);
    if (document !== undefined) {
      identity.push({ sourceId: a.policyName, sourceType: managedType(a.policyArn), document });
    }
  }
  return { kind: 'group', identity };
}

async function managedDocument(ctx: OperationContext, arn: string): Promise<string | undefined> {
  if (isAwsManagedPolicyArn(arn)) return ctx.tx.awsManagedPolicies.document(arn);
  const policy = await ctx.tx.policies.get(ctx.accountId, arn);
  if (!policy) return undefined;
  return (await ctx.tx.policies.getVersion(ctx.accountId, arn, policy.defaultVersionId))?.document;
}
