import { AwsError } from '../../core/aws-error.js';
import { parseArn } from '../../core/arn.js';
import type { AwsManagedPolicyCatalog } from '../../domain/managed-policy.js';
import { type AccountDetails, ownerKey } from '../../store/account-details-repo.js';
import type { AccessAdvisorGranularity, ServiceAccess } from '../../store/last-accessed-repo.js';
import type { OperationContext } from '../operation-context.js';
import { allowedNamespaces } from './allowed-services.js';

/** One principal the report covers (EntityInfo). */
export interface ReportEntity {
  readonly Arn: string;
  readonly Name: string;
  readonly Type: 'USER' | 'ROLE';
  readonly Id: string;
  readonly Path: string;
}

/** The stored answer of a job: dates as ISO strings (JSON), one entry per allowed service. */
export interface AdvisorReport {
  readonly services: readonly {
    readonly namespace: string;
    readonly lastAuthenticated?: string;
    readonly lastAuthenticatedEntity?: string;
    readonly lastAuthenticatedRegion?: string;
    readonly totalAuthenticatedEntities: number;
    readonly trackedActions?: readonly {
      readonly ActionName: string;
      readonly LastAccessedEntity: string;
      readonly LastAccessedTime: string;
      readonly LastAccessedRegion: string;
    }[];
    readonly entities: readonly { readonly info: ReportEntity; readonly lastAuthenticated?: string }[];
  }[];
}

interface Target {
  readonly entities: readonly ReportEntity[];
  readonly documents: readonly string[];
}

const invalidArn = (arn: string) => new AwsError('InvalidInput', `ARN ${arn} is not valid.`);
const noSuchEntity = (arn: string) => new AwsError('NoSuchEntity', `The entity ${arn} does not exist.`);

/** Policy documents of an owner (inline and attached), from the snapshot. */
function ownerDocuments(
  d: AccountDetails,
  catalog: AwsManagedPolicyCatalog,
  key: ReturnType<typeof ownerKey>,
): string[] {
  const docs = (d.inlinePolicies.get(key) ?? []).map((p) => p.document);
  for (const a of d.attachments.get(key) ?? []) {
    const doc = managedDocument(d, catalog, a.policyArn);
    if (doc !== undefined) docs.push(doc);
  }
  return docs;
}

function managedDocument(
  d: AccountDetails,
  catalog: AwsManagedPolicyCatalog,
  arn: string,
): string | undefined {
  const versions = d.policyVersions.get(arn);
  if (versions) return versions.find((v) => v.isDefault)?.document;
  return catalog.document(arn);
}

/** The principals and policy documents the report for `arn` covers; InvalidInput / NoSuchEntity. */
function resolveTarget(
  arn: string,
  d: AccountDetails,
  catalog: AwsManagedPolicyCatalog,
  accountId: string,
): Target {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam') throw invalidArn(arn);
  const kind = parsed.resource.slice(0, parsed.resource.indexOf('/'));
  const ownAccount = parsed.account === accountId;
  const userEntity = (u: AccountDetails['users'][number]): ReportEntity => ({
    Arn: u.arn,
    Name: u.name,
    Type: 'USER',
    Id: u.id,
    Path: u.path,
  });
  const roleEntity = (r: AccountDetails['roles'][number]): ReportEntity => ({
    Arn: r.arn,
    Name: r.name,
    Type: 'ROLE',
    Id: r.id,
    Path: r.path,
  });
  const membersOf = (groupName: string) =>
    d.users.filter((u) => (d.groupNamesByUser.get(u.id) ?? []).includes(groupName));
  if (kind === 'user' || kind === 'group' || kind === 'role') {
    if (!ownAccount) throw noSuchEntity(arn);
    if (kind === 'user') {
      const user = d.users.find((u) => u.arn === arn);
      if (!user) throw noSuchEntity(arn);
      const docs = ownerDocuments(d, catalog, ownerKey('user', user.id));
      for (const g of d.groups) {
        if ((d.groupNamesByUser.get(user.id) ?? []).includes(g.name)) {
          docs.push(...ownerDocuments(d, catalog, ownerKey('group', g.id)));
        }
      }
      return { entities: [userEntity(user)], documents: docs };
    }
    if (kind === 'group') {
      const group = d.groups.find((g) => g.arn === arn);
      if (!group) throw noSuchEntity(arn);
      return {
        entities: membersOf(group.name).map(userEntity),
        documents: ownerDocuments(d, catalog, ownerKey('group', group.id)),
      };
    }
    const role = d.roles.find((r) => r.arn === arn);
    if (!role) throw noSuchEntity(arn);
    return { entities: [roleEntity(role)], documents: ownerDocuments(d, catalog, ownerKey('role', role.id)) };
  }
  if (kind === 'policy') {
    if (!ownAccount && parsed.account !== 'aws') throw noSuchEntity(arn);
    const document = managedDocument(d, catalog, arn);
    if (document === undefined) throw noSuchEntity(arn);
    const attachedTo = (key: ReturnType<typeof ownerKey>) =>
      (d.attachments.get(key) ?? []).some((a) => a.policyArn === arn);
    const entities = new Map<string, ReportEntity>();
    for (const u of d.users) if (attachedTo(ownerKey('user', u.id))) entities.set(u.arn, userEntity(u));
    for (const g of d.groups) {
      if (attachedTo(ownerKey('group', g.id)))
        for (const u of membersOf(g.name)) entities.set(u.arn, userEntity(u));
    }
    for (const r of d.roles) if (attachedTo(ownerKey('role', r.id))) entities.set(r.arn, roleEntity(r));
    return { entities: [...entities.values()], documents: [document] };
  }
  throw invalidArn(arn);
}

const latest = (records: readonly ServiceAccess[]): ServiceAccess | undefined =>
  records.reduce<ServiceAccess | undefined>(
    (a, b) => (a === undefined || b.lastAccessed > a.lastAccessed ? b : a),
    undefined,
  );

/** Computes the report for a job: allowed services, each with who last used it, when and where. */
export async function buildAdvisorReport(
  ctx: OperationContext,
  arn: string,
  granularity: AccessAdvisorGranularity,
): Promise<AdvisorReport> {
  const details = await ctx.tx.accountDetails.read(ctx.accountId);
  const target = resolveTarget(arn, details, ctx.tx.awsManagedPolicies, ctx.accountId);
  const namespaces = new Set<string>();
  for (const doc of target.documents) for (const ns of allowedNamespaces(doc)) namespaces.add(ns);
  const accesses = await ctx.tx.lastAccessed.list(
    ctx.accountId,
    target.entities.map((e) => e.Arn),
  );
  const services = [...namespaces].sort().map((namespace) => {
    const forService = accesses.filter((a) => a.serviceNamespace === namespace);
    const last = latest(forService);
    const entities = target.entities.map((info) => {
      const mine = latest(forService.filter((a) => a.principalArn === info.Arn));
      return { info, ...(mine && { lastAuthenticated: mine.lastAccessed.toISOString() }) };
    });
    const byAction = new Map<string, ServiceAccess>();
    for (const a of forService) {
      if (a.actionName === undefined) continue;
      const seen = byAction.get(a.actionName);
      if (!seen || seen.lastAccessed < a.lastAccessed) byAction.set(a.actionName, a);
    }
    return {
      namespace,
      ...(last && {
        lastAuthenticated: last.lastAccessed.toISOString(),
        lastAuthenticatedEntity: last.principalArn,
        lastAuthenticatedRegion: last.region,
      }),
      totalAuthenticatedEntities: entities.filter((e) => e.lastAuthenticated !== undefined).length,
      ...(granularity === 'ACTION_LEVEL' && {
        trackedActions: [...byAction.values()]
          .sort((a, b) => ((a.actionName ?? '') < (b.actionName ?? '') ? -1 : 1))
          .map((a) => ({
            ActionName: a.actionName ?? '',
            LastAccessedEntity: a.principalArn,
            LastAccessedTime: a.lastAccessed.toISOString(),
            LastAccessedRegion: a.region,
          })),
      }),
      entities,
    };
  });
  return { services };
}
