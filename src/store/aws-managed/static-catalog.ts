import { createHash } from 'node:crypto';
import { awsManagedPolicyArn } from '../../domain/arns.js';
import type { PolicyId } from '../../domain/ids.js';
import {
  type AwsManagedPolicy,
  type AwsManagedPolicyCatalog,
  type PolicyVersion,
  type PolicyVersionId,
  versionNumberOf,
} from '../../domain/managed-policy.js';

export interface AwsManagedPolicySpec {
  readonly name: string;
  /** Default `/`. */
  readonly path?: string;
  readonly description?: string;
  readonly defaultVersionId: PolicyVersionId;
  readonly versions: readonly {
    readonly versionId: PolicyVersionId;
    readonly document: string;
    readonly createDate: Date;
  }[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS-managed policies have real ANPA ids we do not know; derive a stable one from the ARN. */
export function stableAwsPolicyId(arn: string): PolicyId {
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[(digest[i] ?? 0) & 31];
  return id as PolicyId;
}

interface Entry {
  readonly policy: AwsManagedPolicy;
  readonly versions: readonly PolicyVersion[];
}

/** A catalog over a fixed list: tests, fixtures, and the package catalog once loaded. */
export class StaticAwsManagedCatalog implements AwsManagedPolicyCatalog {
  readonly #byArn = new Map<string, Entry>();
  readonly #ordered: AwsManagedPolicy[];

  constructor(specs: Iterable<AwsManagedPolicySpec>, partition = 'aws') {
    for (const spec of specs) {
      const path = spec.path ?? '/';
      const arn = awsManagedPolicyArn(path, spec.name, partition);
      const versions = [...spec.versions]
        .sort((a, b) => (versionNumberOf(b.versionId) ?? 0) - (versionNumberOf(a.versionId) ?? 0))
        .map((v) => ({ ...v, isDefault: v.versionId === spec.defaultVersionId }));
      const dates = versions.map((v) => v.createDate.getTime());
      const policy: AwsManagedPolicy = {
        id: stableAwsPolicyId(arn),
        name: spec.name,
        path,
        arn,
        ...(spec.description !== undefined && { description: spec.description }),
        defaultVersionId: spec.defaultVersionId,
        createDate: new Date(Math.min(...dates)),
        updateDate: new Date(Math.max(...dates)),
      };
      this.#byArn.set(arn, { policy, versions });
    }
    this.#ordered = [...this.#byArn.values()]
      .map((e) => e.policy)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(arn: string): AwsManagedPolicy | undefined {
    return this.#byArn.get(arn)?.policy;
  }

  document(arn: string, versionId?: string): string | undefined {
    const entry = this.#byArn.get(arn);
    if (!entry) return undefined;
    const wanted = versionId ?? entry.policy.defaultVersionId;
    return entry.versions.find((v) => v.versionId === wanted)?.document;
  }

  versions(arn: string): readonly PolicyVersion[] {
    return this.#byArn.get(arn)?.versions ?? [];
  }

  list(): readonly AwsManagedPolicy[] {
    return this.#ordered;
  }
}
