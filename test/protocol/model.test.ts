import { describe, expect, it } from 'vitest';
import { compileJavaPattern, translateJavaPattern } from '../../src/protocol/java-pattern.js';
import { findPackageRoot, loadServiceModel, parseServiceModel } from '../../src/protocol/model.js';

describe('loadServiceModel', () => {
  it('reads the IAM model with its Query metadata', () => {
    const iam = loadServiceModel('iam');
    expect(iam.metadata).toMatchObject({
      protocol: 'query',
      apiVersion: '2010-05-08',
      xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
      signingName: 'iam',
    });
    expect(iam.operations.size).toBe(176);
    const op = iam.operations.get('CreateUser')!;
    expect(op.resultWrapper).toBe('CreateUserResult');
    expect(op.input?.required.has('UserName')).toBe(true);
    expect(op.input?.members.map((m) => m.name)).toEqual(['Path', 'UserName', 'PermissionsBoundary', 'Tags']);
    expect(op.errors.map((e) => e.error?.code)).toContain('EntityAlreadyExists');
    const userName = op.input?.memberByName.get('UserName')?.shape;
    expect(userName).toMatchObject({ type: 'string', min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
    expect(iam.operations.get('DeleteUser')?.output).toBeUndefined();
  });

  it('reads STS and CloudTrail (JSON 1.1 target prefix)', () => {
    expect(loadServiceModel('sts').metadata.xmlNamespace).toBe('https://sts.amazonaws.com/doc/2011-06-15/');
    const ct = loadServiceModel('cloudtrail');
    expect(ct.metadata).toMatchObject({
      protocol: 'json',
      jsonVersion: '1.1',
      targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
    });
    expect(ct.operations.get('LookupEvents')?.resultWrapper).toBeUndefined();
  });

  it('loads each model once', () => {
    expect(loadServiceModel('iam')).toBe(loadServiceModel('iam'));
  });

  it('finds the package root from this file', () => {
    expect(findPackageRoot()).toMatch(/\/work\/main$|[^/]+$/);
  });

  it('marks sensitive shapes', () => {
    const iam = loadServiceModel('iam');
    expect(iam.shapes.get('passwordType')?.sensitive).toBe(true);
    expect(iam.shapes.get('userNameType')?.sensitive).toBe(false);
  });

  it('links recursive shapes and keeps locationName/flattened', () => {
    const m = parseServiceModel('t', {
      metadata: { protocol: 'query', apiVersion: '1' },
      operations: { Op: { name: 'Op', input: { shape: 'Node' } } },
      shapes: {
        Node: {
          type: 'structure',
          members: { Next: { shape: 'Node' }, Items: { shape: 'L', locationName: 'item', flattened: true } },
        },
        L: { type: 'list', member: { shape: 'S', locationName: 'x' }, flattened: true },
        S: { type: 'string' },
      },
    });
    const node = m.shapes.get('Node');
    expect(node?.type === 'structure' && node.memberByName.get('Next')?.shape).toBe(node);
    const items = node?.type === 'structure' ? node.memberByName.get('Items') : undefined;
    expect(items).toMatchObject({ locationName: 'item', flattened: true });
    expect(items?.shape).toMatchObject({ type: 'list', flattened: true, member: { locationName: 'x' } });
  });

  it('rejects a non-model document', () => {
    expect(() => parseServiceModel('x', {})).toThrow(/not a botocore service model/);
  });
});

describe('Java model patterns', () => {
  it('every pattern in the three models compiles', () => {
    for (const svc of ['iam', 'sts', 'cloudtrail'] as const) {
      for (const shape of loadServiceModel(svc).shapes.values()) {
        if (shape.type === 'string' && shape.pattern)
          expect(() => compileJavaPattern(shape.pattern!)).not.toThrow();
      }
    }
  });

  // [pattern, matching values, non-matching values, why]
  const table: [string, string[], string[], string][] = [
    [
      '[\\w+=,.@-]+',
      ['alice', 'a.b@c=d,e+f-g_h'],
      ['x y', '', 'ä', 'a/b'],
      '\\w is ASCII; whole-value match',
    ],
    [
      '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      ['dept', 'Größe 1', '東京'],
      ['a*', '', 'a#b'],
      '\\p{..} needs the u flag',
    ],
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', [''], ['#'], 'star allows empty'],
    [
      '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
      ['/', '/eng/', '/a/b/'],
      ['eng/', '/eng', '/ /'],
      'alternation anchored as a whole',
    ],
    ['[\\w+=,.@:\\/-]*', ['a:b/c'], ['a b'], 'escaped slash'],
    ['[\\w+=,.@\\:-]*', ['a:b'], ['a b'], 'Java identity escape \\: is illegal under u'],
    ['^[\\w\\d\\s_.,\\-:\\[\\]]+$', ['a b\tc', '[x]'], ['a\u00a0b', 'a\u2003b'], 'Java \\s is ASCII only'],
    ['(?s).*', ['a\nb', ''], [], 'inline (?s) flag becomes dotAll'],
    [
      '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
      ['abc', 'emoji 😀'],
      ['\u0001', '\uFFFE'],
      '\\u10000 means U+10000 here',
    ],
    ['^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$', ['my-alias'], ['my--alias', '-a1'], 'lookahead kept'],
    ['[\\u0020-\\u00FF]+', ['café'], ['a\tb', '€'], 'Latin-1 range'],
    ['\\d{12}', ['123456789012'], ['12345678901', '1234567890123'], 'anchoring stops longer values'],
  ];
  it.each(table)('%s', (pattern, good, bad) => {
    const re = compileJavaPattern(pattern);
    for (const g of good) expect(re.test(g), `${JSON.stringify(g)} should match`).toBe(true);
    for (const b of bad) expect(re.test(b), `${JSON.stringify(b)} should not match`).toBe(false);
  });

  it('translates \\s inside and outside classes', () => {
    expect(translateJavaPattern('a\\sb').source).toBe('a[\\t\\n\\x0B\\f\\r ]b');
    expect(translateJavaPattern('[a\\s]').source).toBe('[a\\t\\n\\x0B\\f\\r ]');
  });

  it('refuses constructs it cannot translate faithfully', () => {
    expect(() => translateJavaPattern('[a[b]]')).toThrow(/nested/);
    expect(() => translateJavaPattern('\\Qx\\E')).toThrow(/unsupported escape/);
  });
});
