import { AwsError } from '../../core/aws-error.js';
import type {
  AwsManagedPolicy,
  AwsManagedPolicyCatalog,
  ManagedPolicy,
  PolicyVersion,
} from '../../domain/managed-policy.js';
import type { AccountDetails } from '../../store/account-details-repo.js';
import { ownerKey } from '../../store/account-details-repo.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { isAttachableAwsPolicy } from './policy-lookup.js';
import { type PermissionsBoundaryShape, instanceProfileShape, type InstanceProfileShape } from './shapes.js';
import { type TagShape, tagsMember } from './tags.js';
import type { AttachedPolicyShape } from './policy-attachments.js';

const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

interface PolicyDetailShape {
  readonly PolicyName: string;
  readonly PolicyDocument: string;
}

interface UserDetailShape {
  readonly Path: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly UserPolicyList: PolicyDetailShape[];
  readonly GroupList: string[];
  readonly AttachedManagedPolicies: AttachedPolicyShape[];
  readonly PermissionsBoundary?: PermissionsBoundaryShape;
  readonly Tags?: TagShape[];
}

interface GroupDetailShape {
  readonly Path: string;
  readonly GroupName: string;
  readonly GroupId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly GroupPolicyList: PolicyDetailShape[];
  readonly AttachedManagedPolicies: AttachedPolicyShape[];
}

interface RoleDetailShape {
  readonly Path: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly AssumeRolePolicyDocument: string;
  readonly InstanceProfileList: InstanceProfileShape[];
  readonly RolePolicyList: PolicyDetailShape[];
  readonly AttachedManagedPolicies: AttachedPolicyShape[];
  readonly PermissionsBoundary?: PermissionsBoundaryShape;
  readonly Tags?: TagShape[];
  readonly RoleLastUsed: { readonly LastUsedDate?: Date; readonly Region?: string };
}

interface ManagedPolicyDetailShape {
  readonly PolicyName: string;
  readonly PolicyId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly DefaultVersionId: string;
  readonly AttachmentCount: number;
  readonly PermissionsBoundaryUsageCount: number;
  readonly IsAttachable: boolean;
  readonly Description?: string;
  readonly CreateDate: Date;
  readonly UpdateDate: Date;
  readonly PolicyVersionList: {
    Document: string;
    VersionId: string;
    IsDefaultVersion: boolean;
    CreateDate: Date;
  }[];
}

type Output = {
  UserDetailList?: UserDetailShape[];
  GroupDetailList?: GroupDetailShape[];
  RoleDetailList?: RoleDetailShape[];
  Policies?: ManagedPolicyDetailShape[];
} & PageOutput;

/** One entry of the four lists, in the order AWS pages them: users, groups, roles, policies. */
type Entry =
  | { readonly list: 'UserDetailList'; readonly key: string; readonly value: UserDetailShape }
  | { readonly list: 'GroupDetailList'; readonly key: string; readonly value: GroupDetailShape }
  | { readonly list: 'RoleDetailList'; readonly key: string; readonly value: RoleDetailShape }
  | { readonly list: 'Policies'; readonly key: string; readonly value: ManagedPolicyDetailShape };

const boundary = (arn: string | undefined): { PermissionsBoundary?: PermissionsBoundaryShape } =>
  arn === undefined
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: arn,
        },
      };

const inline = (d: AccountDetails, key: ReturnType<typeof ownerKey>): PolicyDetailShape[] =>
  (d.inlinePolicies.get(key) ?? []).map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));

const attached = (d: AccountDetails, key: ReturnType<typeof ownerKey>): AttachedPolicyShape[] =>
  (d.attachments.get(key) ?? []).map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn }));

const versionList = (versions: readonly PolicyVersion[]) =>
  versions.map((v) => ({
    Document: v.document,
    VersionId: v.versionId,
    IsDefaultVersion: v.isDefault,
    CreateDate: v.createDate,
  }));

/** Sort keys: the list's position first, so one Marker walks the four lists in AWS's order. */
const sortKey = (position: number, name: string, tie = ''): string =>
  `${position}|${name.toLowerCase()}|${tie}`;

function entries(
  d: AccountDetails,
  wanted: ReadonlySet<EntityType>,
  catalog: AwsManagedPolicyCatalog,
): Entry[] {
  const out: Entry[] = [];
  if (wanted.has('User')) {
    for (const u of d.users) {
      const key = ownerKey('user', u.id);
      out.push({
        list: 'UserDetailList',
        key: sortKey(0, u.name),
        value: {
          Path: u.path,
          UserName: u.name,
          UserId: u.id,
          Arn: u.arn,
          CreateDate: u.createDate,
          UserPolicyList: inline(d, key),
          GroupList: [...(d.groupNamesByUser.get(u.id) ?? [])],
          AttachedManagedPolicies: attached(d, key),
          ...boundary(u.permissionsBoundaryArn),
          ...tagsMember(d.tags.get(key) ?? []),
        },
      });
    }
  }
  if (wanted.has('Group')) {
    for (const g of d.groups) {
      const key = ownerKey('group', g.id);
      out.push({
        list: 'GroupDetailList',
        key: sortKey(1, g.name),
        value: {
          Path: g.path,
          GroupName: g.name,
          GroupId: g.id,
          Arn: g.arn,
          CreateDate: g.createDate,
          GroupPolicyList: inline(d, key),
          AttachedManagedPolicies: attached(d, key),
        },
      });
    }
  }
  if (wanted.has('Role')) {
    for (const r of d.roles) {
      const key = ownerKey('role', r.id);
      out.push({
        list: 'RoleDetailList',
        key: sortKey(2, r.name),
        value: {
          Path: r.path,
          RoleName: r.name,
          RoleId: r.id,
          Arn: r.arn,
          CreateDate: r.createDate,
          AssumeRolePolicyDocument: r.assumeRolePolicyDocument,
          InstanceProfileList: (d.instanceProfilesByRole.get(r.id) ?? []).map((p) => instanceProfileShape(p)),
          RolePolicyList: inline(d, key),
          AttachedManagedPolicies: attached(d, key),
          ...boundary(r.permissionsBoundaryArn),
          ...tagsMember(d.tags.get(key) ?? []),
          RoleLastUsed: r.roleLastUsed
            ? {
                LastUsedDate: r.roleLastUsed.lastUsedDate,
                ...(r.roleLastUsed.region !== undefined && { Region: r.roleLastUsed.region }),
              }
            : {},
        },
      });
    }
  }
  const policies: { policy: ManagedPolicy | AwsPolicyView; versions: readonly PolicyVersion[] }[] = [];
  if (wanted.has('LocalManagedPolicy')) {
    for (const p of d.policies) policies.push({ policy: p, versions: d.policyVersions.get(p.arn) ?? [] });
  }
  if (wanted.has('AWSManagedPolicy')) {
    // AWS lists an AWS-managed policy only while something in the account has it attached.
    for (const use of d.awsManagedInUse) {
      const policy = catalog.get(use.arn);
      if (policy === undefined || use.attachmentCount === 0) continue;
      policies.push({
        policy: {
          ...policy,
          attachmentCount: use.attachmentCount,
          permissionsBoundaryUsageCount: use.permissionsBoundaryUsageCount,
          isAttachable: isAttachableAwsPolicy(policy),
        },
        versions: catalog.versions(use.arn),
      });
    }
  }
  for (const { policy: p, versions } of policies) {
    out.push({
      list: 'Policies',
      key: sortKey(3, p.name, p.arn),
      value: {
        PolicyName: p.name,
        PolicyId: p.id,
        Arn: p.arn,
        Path: p.path,
        DefaultVersionId: p.defaultVersionId,
        AttachmentCount: p.attachmentCount,
        PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
        IsAttachable: p.isAttachable,
        ...(p.description !== undefined && { Description: p.description }),
        CreateDate: p.createDate,
        UpdateDate: p.updateDate,
        PolicyVersionList: versionList(versions),
      },
    });
  }
  return out;
}

type AwsPolicyView = AwsManagedPolicy & {
  readonly attachmentCount: number;
  readonly permissionsBoundaryUsageCount: number;
  readonly isAttachable: boolean;
};

function wantedTypes(filter: readonly string[] | undefined): Set<EntityType> {
  if (filter === undefined || filter.length === 0) return new Set(ENTITY_TYPES);
  for (const f of filter) {
    if (!(ENTITY_TYPES as readonly string[]).includes(f)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '[${filter.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_TYPES.join(', ')}]]`,
      );
    }
  }
  return new Set(filter as EntityType[]);
}

export const getAccountAuthorizationDetails = iamOperation<{ Filter?: string[] } & PageInput, Output>({
  name: 'GetAccountAuthorizationDetails',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const wanted = wantedTypes(input.Filter);
    const details = await ctx.tx.accountDetails.read(ctx.accountId);
    const all = entries(details, wanted, ctx.tx.awsManagedPolicies);
    const scope = `authorization-details|${[...wanted].sort().join(',')}`;
    const page = pageOf(all, (e) => e.key, scope, input);
    // AWS always answers with the four lists (empty ones included) for the types asked for.
    const output: Output = {
      ...(wanted.has('User') && { UserDetailList: [] }),
      ...(wanted.has('Group') && { GroupDetailList: [] }),
      ...(wanted.has('Role') && { RoleDetailList: [] }),
      ...((wanted.has('LocalManagedPolicy') || wanted.has('AWSManagedPolicy')) && { Policies: [] }),
      ...pageOutput(page),
    };
    for (const e of page.items) (output[e.list] as unknown[]).push(e.value);
    return output;
  },
});
