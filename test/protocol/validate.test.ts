import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import { loadServiceModel, parseServiceModel, type StructureShape } from '../../src/protocol/model.js';
import { decodeQueryInput, parseQueryString } from '../../src/protocol/query-decode.js';
import { codePointLength, collectViolations, validateInput } from '../../src/protocol/validate.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');
const shapeOf = (m: typeof iam, op: string): StructureShape => m.operations.get(op)!.input!;

function message(shape: StructureShape, input: Record<string, unknown>): string | undefined {
  try {
    validateInput(shape, input);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(AwsError);
    expect((e as AwsError).code).toBe('ValidationError');
    expect((e as AwsError).status).toBe(400);
    return (e as AwsError).message;
  }
}

const TAG_KEY = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const TAG_VALUE = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';

// [rule, model, operation, input, expected message or undefined when valid]
const table: [string, typeof iam, string, Record<string, unknown>, string | undefined][] = [
  ['valid input passes', iam, 'CreateUser', { UserName: 'alice', Path: '/eng/' }, undefined],
  [
    'pattern, whole-value match (IAM-FACTS §1.3 format)',
    iam,
    'CreateUser',
    { UserName: 'x y' },
    "1 validation error detected: Value 'x y' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
  ],
  [
    'missing required member is "Value null"',
    iam,
    'CreateUser',
    {},
    "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
  ],
  [
    'max length (observed: roleName over 64)',
    iam,
    'CreateRole',
    { RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: '{}' },
    `1 validation error detected: Value '${'r'.repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  ],
  [
    'empty string: length before pattern, joined by "; "',
    iam,
    'GetUser',
    { UserName: '' },
    "2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
  ],
  [
    'list members: tags.N.member.key, values echoed (observed IAM create-user)',
    iam,
    'CreateUser',
    {
      UserName: 'u',
      Tags: [
        { Key: 'ok', Value: 'v' },
        { Key: '#bad', Value: 'MOJ D&T' },
      ],
    },
    `2 validation errors detected: Value '#bad' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_KEY}; Value 'MOJ D&T' at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_VALUE}`,
  ],
  [
    'required member of a list item',
    iam,
    'TagUser',
    { UserName: 'u', Tags: [{ Key: 'k' }] },
    "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null",
  ],
  [
    'list of structures too long: value not echoed',
    iam,
    'TagUser',
    { UserName: 'u', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
    "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
  ],
  [
    'list of strings too long: echoed as Java prints a list',
    iam,
    'UntagUser',
    { UserName: 'u', TagKeys: Array.from({ length: 51 }, (_, i) => `k${i}`) },
    `1 validation error detected: Value '[${Array.from({ length: 51 }, (_, i) => `k${i}`).join(', ')}]' at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50`,
  ],
  [
    'scalar list member path is name.N.member',
    iam,
    'UntagUser',
    { UserName: 'u', TagKeys: ['ok', 'b#d'] },
    `1 validation error detected: Value 'b#d' at 'tagKeys.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_KEY}`,
  ],
  [
    'numeric max',
    iam,
    'ListUsers',
    { MaxItems: 1001 },
    "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
  ],
  [
    'numeric min',
    iam,
    'ListUsers',
    { MaxItems: 0 },
    "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
  ],
  [
    'sensitive values are not echoed',
    iam,
    'CreateLoginProfile',
    { UserName: 'u', Password: 'p'.repeat(129) },
    "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128",
  ],
  [
    'enum',
    iam,
    'ListPolicies',
    { Scope: 'Everything' },
    "1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
  ],
  [
    'STS: roleSessionName (IAM-FACTS §1.3 example), lower-case member in list item',
    sts,
    'AssumeRole',
    { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'x y', PolicyArns: [{ arn: 'short' }] },
    "2 validation errors detected: Value 'x y' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20",
  ],
  [
    'member order follows the model, several members',
    iam,
    'CreateUser',
    { Path: 'eng', UserName: 'a b' },
    "2 validation errors detected: Value 'eng' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
  ],
];

describe('validateInput', () => {
  it.each(table)('%s', (_rule, model, op, input, expected) => {
    expect(message(shapeOf(model, op), input)).toBe(expected);
  });

  it('nested structures use dotted lowerCamel paths (first letter only: sAML...)', () => {
    const model = parseServiceModel('t', {
      metadata: { protocol: 'query', apiVersion: '1' },
      operations: { Op: { name: 'Op', input: { shape: 'In' } } },
      shapes: {
        In: { type: 'structure', members: { SAMLOptions: { shape: 'Inner' } } },
        Inner: {
          type: 'structure',
          required: ['MasterUserName'],
          members: { MasterUserName: { shape: 'S' } },
        },
        S: { type: 'string', max: 3 },
      },
    });
    const shape = model.operations.get('Op')!.input!;
    expect(message(shape, { SAMLOptions: { MasterUserName: 'abcd' } })).toBe(
      "1 validation error detected: Value 'abcd' at 'sAMLOptions.masterUserName' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
    expect(message(shape, { SAMLOptions: {} })).toBe(
      "1 validation error detected: Value null at 'sAMLOptions.masterUserName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('lists at most 10 violations', () => {
    const tags = Array.from({ length: 20 }, () => ({ Key: '#', Value: '#' }));
    const v = collectViolations(shapeOf(iam, 'TagUser'), { UserName: 'u', Tags: tags });
    expect(v).toHaveLength(10);
    expect(message(shapeOf(iam, 'TagUser'), { UserName: 'u', Tags: tags })).toMatch(
      /^10 validation errors detected: /,
    );
  });

  it('string length counts code points, not UTF-16 units', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect(
      message(shapeOf(iam, 'TagUser'), { UserName: 'u', Tags: [{ Key: 'k', Value: '東'.repeat(256) }] }),
    ).toBe(undefined);
    // 128 astral letters (𝒜 is \p{L}) are 128 characters, within the key's max of 128
    expect(
      message(shapeOf(iam, 'TagUser'), { UserName: 'u', Tags: [{ Key: '𝒜'.repeat(128), Value: '' }] }),
    ).toBe(undefined);
  });

  it('works on decoded Query input end to end', () => {
    const shape = shapeOf(iam, 'CreateUser');
    const { input } = decodeQueryInput(shape, parseQueryString('UserName=alice&Tags.member.1.Key=dept'));
    expect(message(shape, input)).toBe(
      "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null",
    );
  });

  it('an operation without input validates nothing', () => {
    expect(() => validateInput(undefined, { anything: 1 })).not.toThrow();
  });
});
