/**
 * Entities -> the model's output shapes (member names exactly as iam-2010-05-08 spells them).
 * Dates stay Date objects (the encoder formats them); documents stay plain JSON text (the encoder
 * URL-encodes policyDocumentType members).
 */
import type { Group } from '../../domain/group.js';
import type { InstanceProfile } from '../../domain/instance-profile.js';
import type { AwsManagedPolicy, ManagedPolicy, PolicyVersion } from '../../domain/managed-policy.js';
import type { Role } from '../../domain/role.js';
import type { Tag } from '../../domain/tag.js';
import type { User } from '../../domain/user.js';
import { type TagShape, tagsMember } from './tags.js';

export interface PermissionsBoundaryShape {
  readonly PermissionsBoundaryType: 'PermissionsBoundaryPolicy';
  readonly PermissionsBoundaryArn: string;
}

const boundaryMember = (arn: string | undefined): { PermissionsBoundary?: PermissionsBoundaryShape } =>
  arn === undefined
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: arn,
        },
      };

export interface UserShape {
  readonly Path: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly PasswordLastUsed?: Date;
  readonly PermissionsBoundary?: PermissionsBoundaryShape;
  readonly Tags?: TagShape[];
}

/** `full`: GetUser/CreateUser also return the boundary and tags; ListUsers does not. */
export function userShape(user: User, full?: { readonly tags: readonly Tag[] }): UserShape {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.createDate,
    ...(user.passwordLastUsed !== undefined && { PasswordLastUsed: user.passwordLastUsed }),
    ...(full && boundaryMember(user.permissionsBoundaryArn)),
    ...(full && tagsMember(full.tags)),
  };
}

export interface GroupShape {
  readonly Path: string;
  readonly GroupName: string;
  readonly GroupId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
}

export const groupShape = (group: Group): GroupShape => ({
  Path: group.path,
  GroupName: group.name,
  GroupId: group.id,
  Arn: group.arn,
  CreateDate: group.createDate,
});

export interface RoleShape {
  readonly Path: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly AssumeRolePolicyDocument?: string;
  readonly Description?: string;
  readonly MaxSessionDuration?: number;
  readonly PermissionsBoundary?: PermissionsBoundaryShape;
  readonly Tags?: TagShape[];
  readonly RoleLastUsed?: { readonly LastUsedDate?: Date; readonly Region?: string };
}

/** `full`: GetRole/CreateRole/UpdateRoleDescription add boundary, tags and last use; ListRoles does not. */
export function roleShape(role: Role, full?: { readonly tags: readonly Tag[] }): RoleShape {
  const lastUsed = role.roleLastUsed;
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: role.assumeRolePolicyDocument,
    ...(role.description !== undefined && { Description: role.description }),
    MaxSessionDuration: role.maxSessionDuration,
    ...(full && boundaryMember(role.permissionsBoundaryArn)),
    ...(full && tagsMember(full.tags)),
    ...(full && {
      RoleLastUsed: lastUsed
        ? {
            LastUsedDate: lastUsed.lastUsedDate,
            ...(lastUsed.region !== undefined && { Region: lastUsed.region }),
          }
        : {},
    }),
  };
}

export interface InstanceProfileShape {
  readonly Path: string;
  readonly InstanceProfileName: string;
  readonly InstanceProfileId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly Roles: RoleShape[];
  readonly Tags?: TagShape[];
}

export const instanceProfileShape = (
  profile: InstanceProfile,
  tags?: readonly Tag[],
): InstanceProfileShape => ({
  Path: profile.path,
  InstanceProfileName: profile.name,
  InstanceProfileId: profile.id,
  Arn: profile.arn,
  CreateDate: profile.createDate,
  Roles: profile.roles.map((r) => roleShape(r)),
  ...(tags && tagsMember(tags)),
});

export interface PolicyShape {
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
  readonly Tags?: TagShape[];
}

/** A customer policy, or an AWS-managed one with this account's usage counts. */
export type AnyPolicy =
  | ManagedPolicy
  | (AwsManagedPolicy & {
      readonly attachmentCount: number;
      readonly permissionsBoundaryUsageCount: number;
      readonly isAttachable: boolean;
    });

/** `full`: GetPolicy/CreatePolicy add the description and tags; ListPolicies does not. */
export function policyShape(policy: AnyPolicy, full?: { readonly tags: readonly Tag[] }): PolicyShape {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: policy.permissionsBoundaryUsageCount,
    IsAttachable: policy.isAttachable,
    ...(full && policy.description !== undefined && { Description: policy.description }),
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    ...(full && tagsMember(full.tags)),
  };
}

export interface PolicyVersionShape {
  readonly Document?: string;
  readonly VersionId: string;
  readonly IsDefaultVersion: boolean;
  readonly CreateDate: Date;
}

/** CreatePolicyVersion and ListPolicyVersions omit the document; GetPolicyVersion includes it. */
export const policyVersionShape = (version: PolicyVersion, withDocument: boolean): PolicyVersionShape => ({
  ...(withDocument && { Document: version.document }),
  VersionId: version.versionId,
  IsDefaultVersion: version.isDefault,
  CreateDate: version.createDate,
});
