import {
  CreateUserCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListUsersCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import { loadServiceModel, type ServiceModel, type Shape } from '../../src/protocol/model.js';
import { decodeQueryRequest, parseQueryString } from '../../src/protocol/query-decode.js';
import {
  encodeQueryError,
  encodeQueryResponse,
  formatIsoTimestamp,
  QueryEncoder,
  toAwsError,
} from '../../src/protocol/query-encode.js';
import { escapeXmlText, percentEncode } from '../../src/protocol/xml-text.js';
import { type BotocoreCase, botocoreAvailable, parseWithBotocore } from './helpers/botocore.js';
import { FAKE_REQUEST_ID, fakeClientConfig, fakeHandler } from './helpers/sdk.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const RID = FAKE_REQUEST_ID;

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false });

const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a b/100%+é"}]}';
const user = {
  Path: '/eng/',
  UserName: 'alice',
  UserId: 'AIDAEXAMPLE',
  Arn: 'arn:aws:iam::123456789012:user/eng/alice',
  CreateDate: new Date('2026-01-01T00:00:00.789Z'),
  Tags: [{ Key: 'dept', Value: 'R&D <eng>' }],
};

describe('encodeQueryResponse envelope (IAM-FACTS §1.2)', () => {
  it('wraps the result and ResponseMetadata in model member order', () => {
    const r = encodeQueryResponse(iam, 'CreateUser', { User: user }, RID);
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/xml');
    expect(r.body).toBe(
      `<CreateUserResponse xmlns="${IAM_NS}"><CreateUserResult><User><Path>/eng/</Path><UserName>alice</UserName>` +
        '<UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/eng/alice</Arn>' +
        '<CreateDate>2026-01-01T00:00:00Z</CreateDate><Tags><member><Key>dept</Key><Value>R&amp;D &lt;eng&gt;</Value>' +
        `</member></Tags></User></CreateUserResult><ResponseMetadata><RequestId>${RID}</RequestId></ResponseMetadata>` +
        '</CreateUserResponse>',
    );
    const parsed = xml.parse(r.body);
    expect(parsed.CreateUserResponse['@_xmlns']).toBe(IAM_NS);
    expect(parsed.CreateUserResponse.CreateUserResult.User.Tags.member.Value).toBe('R&D <eng>');
  });

  it('no-output operations carry only ResponseMetadata', () => {
    expect(encodeQueryResponse(iam, 'DeleteUser', undefined, RID).body).toBe(
      `<DeleteUserResponse xmlns="${IAM_NS}"><ResponseMetadata><RequestId>${RID}</RequestId></ResponseMetadata></DeleteUserResponse>`,
    );
  });

  it('omits absent members, writes empty lists as <Users/>, booleans as true/false', () => {
    const body = encodeQueryResponse(iam, 'ListUsers', { Users: [], IsTruncated: false }, RID).body;
    expect(body).toContain('<ListUsersResult><Users/><IsTruncated>false</IsTruncated></ListUsersResult>');
    expect(body).not.toContain('Marker');
  });

  it('maps as <entry><key>/<value> (GetAccountSummary)', () => {
    const body = encodeQueryResponse(
      iam,
      'GetAccountSummary',
      { SummaryMap: { Users: 3, Groups: 0 } },
      RID,
    ).body;
    expect(body).toContain(
      '<SummaryMap><entry><key>Users</key><value>3</value></entry><entry><key>Groups</key><value>0</value></entry></SummaryMap>',
    );
  });

  it('percent-encodes every policyDocumentType member (IAM-FACTS §1.5), nested too', () => {
    const body = encodeQueryResponse(
      iam,
      'GetRolePolicy',
      { RoleName: 'r', PolicyName: 'p', PolicyDocument: POLICY },
      RID,
    ).body;
    const doc = /<PolicyDocument>([^<]*)<\/PolicyDocument>/.exec(body)![1]!;
    expect(doc).not.toMatch(/[ +{}"*]/);
    expect(doc).toContain('%20');
    expect(decodeURIComponent(doc)).toBe(POLICY);
    const role = {
      Path: '/',
      RoleName: 'r',
      RoleId: 'AROAEXAMPLE',
      Arn: 'arn:aws:iam::123456789012:role/r',
      CreateDate: new Date(0),
      AssumeRolePolicyDocument: POLICY,
      Description: 'plain text stays plain: a b',
    };
    const list = encodeQueryResponse(iam, 'ListRoles', { Roles: [role], IsTruncated: false }, RID).body;
    expect(list).toContain(`<AssumeRolePolicyDocument>${percentEncode(POLICY)}</AssumeRolePolicyDocument>`);
    expect(list).toContain('<Description>plain text stays plain: a b</Description>');
  });

  it('blobs are base64', () => {
    const body = encodeQueryResponse(
      iam,
      'GetCredentialReport',
      { Content: Buffer.from('user,arn\n'), ReportFormat: 'text/csv', GeneratedTime: new Date(0) },
      RID,
    ).body;
    expect(body).toContain(`<Content>${Buffer.from('user,arn\n').toString('base64')}</Content>`);
  });

  it('IAM timestamps are whole seconds; STS keeps milliseconds when present', () => {
    const creds = {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date('2011-07-15T23:28:33.359Z'),
    };
    const body = encodeQueryResponse(sts, 'GetSessionToken', { Credentials: creds }, RID).body;
    expect(body).toContain('<Expiration>2011-07-15T23:28:33.359Z</Expiration>');
    expect(body).toContain('xmlns="https://sts.amazonaws.com/doc/2011-06-15/"');
    expect(formatIsoTimestamp(new Date('2011-07-15T23:28:33Z'), true)).toBe('2011-07-15T23:28:33Z');
    expect(formatIsoTimestamp(1_700_000_000)).toBe('2023-11-14T22:13:20Z');
  });

  it('accepts a precision override', () => {
    const enc = new QueryEncoder(sts, { timestampPrecision: 'seconds' });
    const shape = sts.shapes.get('Credentials')!;
    expect(enc.encodeShape(shape, { Expiration: new Date('2011-07-15T23:28:33.359Z') })).toBe(
      '<Expiration>2011-07-15T23:28:33Z</Expiration>',
    );
  });

  it('refuses a non-Query model', () => {
    expect(() => new QueryEncoder(loadServiceModel('cloudtrail'))).toThrow(/not a Query service/);
  });
});

describe('XML text', () => {
  it.each([
    ['a<b>&c', 'a&lt;b&gt;&amp;c', 'markup characters'],
    [']]>', ']]&gt;', 'CDATA end'],
    ['a\r\nb', 'a&#xD;\nb', 'CR survives line-end normalisation'],
    ['a\u0000b\u001Fc\tz', 'a\uFFFDb\uFFFDc\tz', 'C0 controls cannot appear in XML 1.0'],
    ['x\uD800y', 'x\uFFFDy', 'lone surrogate'],
    ['😀\uFFFE', '😀\uFFFD', 'pairs kept, U+FFFE replaced'],
    ['plain', 'plain', 'fast path'],
  ])('%j -> %j (%s)', (input, out) => {
    expect(escapeXmlText(input)).toBe(out);
  });

  it('percent-encoding is RFC 3986 (space %20, reserved sub-delims encoded)', () => {
    expect(percentEncode("a b+c!'()*~-_.")).toBe('a%20b%2Bc%21%27%28%29%2A~-_.');
    expect(percentEncode('é\uD800')).toBe('%C3%A9%EF%BF%BD');
  });
});

describe('encodeQueryError (IAM-FACTS §1.3)', () => {
  it('renders the ErrorResponse with Type, Code, Message and RequestId', () => {
    const r = encodeQueryError(
      new AwsError('NoSuchEntity', 'The user with name bob cannot be found.'),
      RID,
      IAM_NS,
    );
    expect(r.status).toBe(404);
    expect(r.body).toBe(
      `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>` +
        `<Message>The user with name bob cannot be found.</Message></Error><RequestId>${RID}</RequestId></ErrorResponse>`,
    );
  });

  it('server faults are Receiver; unexpected errors become a bland ServiceFailure', () => {
    const e = toAwsError(new Error('db password is hunter2'));
    expect([e.code, e.status, e.fault]).toEqual(['ServiceFailure', 500, 'Receiver']);
    expect(e.message).not.toContain('hunter2');
    expect(encodeQueryError(e, RID).body).toContain('<Type>Receiver</Type>');
  });
});

// ---------------------------------------------------------------------------------------------
// botocore: the parser boto3 and the aws CLI run

function isoPy(d: Date, millis: boolean): string {
  const s = formatIsoTimestamp(d, millis).replace(/Z$/, '');
  const [base, frac] = s.split('.');
  return `${base}${frac ? `.${frac}000` : ''}+00:00`;
}

describe.skipIf(!botocoreAvailable())('botocore parses our responses', () => {
  const cases: (BotocoreCase & { expect: (parsed: Record<string, unknown>) => void })[] = [
    {
      service: 'iam',
      operation: 'CreateUser',
      body: encodeQueryResponse(iam, 'CreateUser', { User: user }, RID).body,
      expect: (p) =>
        expect(p).toMatchObject({
          User: { ...user, CreateDate: '2026-01-01T00:00:00+00:00' },
          ResponseMetadata: { RequestId: RID },
        }),
    },
    {
      service: 'iam',
      operation: 'GetUserPolicy',
      body: encodeQueryResponse(
        iam,
        'GetUserPolicy',
        { UserName: 'u', PolicyName: 'p', PolicyDocument: POLICY },
        RID,
      ).body,
      expect: (p) => expect(p.PolicyDocument).toEqual(JSON.parse(POLICY)),
    },
    {
      service: 'iam',
      operation: 'ListUsers',
      body: encodeQueryResponse(iam, 'ListUsers', { Users: [], IsTruncated: true, Marker: 'm' }, RID).body,
      expect: (p) => expect(p).toMatchObject({ Users: [], IsTruncated: true, Marker: 'm' }),
    },
    {
      service: 'iam',
      operation: 'GetAccountSummary',
      body: encodeQueryResponse(iam, 'GetAccountSummary', { SummaryMap: { Users: 3, Groups: 0 } }, RID).body,
      expect: (p) => expect(p.SummaryMap).toEqual({ Users: 3, Groups: 0 }),
    },
    {
      service: 'iam',
      operation: 'DeleteUser',
      body: encodeQueryResponse(iam, 'DeleteUser', undefined, RID).body,
      expect: (p) => expect(p).toMatchObject({ ResponseMetadata: { RequestId: RID } }),
    },
    {
      service: 'iam',
      operation: 'GetCredentialReport',
      body: encodeQueryResponse(
        iam,
        'GetCredentialReport',
        { Content: Buffer.from('user,arn\n'), ReportFormat: 'text/csv', GeneratedTime: new Date(0) },
        RID,
      ).body,
      expect: (p) => expect(p.Content).toEqual({ $bytes: Buffer.from('user,arn\n').toString('base64') }),
    },
    {
      service: 'sts',
      operation: 'AssumeRole',
      body: encodeQueryResponse(
        sts,
        'AssumeRole',
        {
          Credentials: {
            AccessKeyId: 'ASIAEXAMPLE',
            SecretAccessKey: 'secret',
            SessionToken: 'token',
            Expiration: new Date('2026-01-01T01:00:00.359Z'),
          },
          AssumedRoleUser: {
            AssumedRoleId: 'AROAEXAMPLE:s',
            Arn: 'arn:aws:sts::123456789012:assumed-role/r/s',
          },
          PackedPolicySize: 6,
        },
        RID,
      ).body,
      expect: (p) =>
        expect(p).toMatchObject({
          Credentials: { AccessKeyId: 'ASIAEXAMPLE', Expiration: '2026-01-01T01:00:00.359000+00:00' },
          AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s' },
          PackedPolicySize: 6,
        }),
    },
    {
      service: 'iam',
      operation: 'GetUser',
      status: 404,
      body: encodeQueryError(
        new AwsError('NoSuchEntity', 'The user with name bob cannot be found.'),
        RID,
        IAM_NS,
      ).body,
      expect: (p) =>
        expect(p).toMatchObject({
          Error: { Type: 'Sender', Code: 'NoSuchEntity', Message: 'The user with name bob cannot be found.' },
          ResponseMetadata: { RequestId: RID },
        }),
    },
    {
      service: 'sts',
      operation: 'AssumeRole',
      status: 400,
      body: encodeQueryError(
        new AwsError(
          'ValidationError',
          "1 validation error detected: Value 'x y' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ),
        RID,
        'https://sts.amazonaws.com/doc/2011-06-15/',
      ).body,
      expect: (p) =>
        expect(p).toMatchObject({
          Error: {
            Code: 'ValidationError',
            Message:
              "1 validation error detected: Value 'x y' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
          },
        }),
    },
  ];
  let results: ReturnType<typeof parseWithBotocore> = [];
  beforeAll(() => {
    results = parseWithBotocore(cases);
  });
  it.each(cases.map((c, i) => ({ name: `${c.service} ${c.operation} ${c.status ?? 200}`, i })))(
    '$name',
    ({ i }) => {
      const r = results[i]!;
      if ('exception' in r) throw new Error(r.exception);
      cases[i]!.expect(r.parsed);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Property: random outputs of every IAM and STS operation survive botocore's parser unchanged.

const XML_SAFE_CHAR = fc
  .integer({ min: 0x09, max: 0x10ffff })
  .filter(
    (c) =>
      c === 0x09 || c === 0x0a || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000,
  )
  .map((c) => String.fromCodePoint(c));
const xmlSafeString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(XML_SAFE_CHAR, { maxLength: 8 }).map((a) => a.join('')),
  fc.constantFrom('<&>', ']]>', 'a\r\nb', ' lead and trail ', '%41+%20'),
);
const jsonDoc = fc
  .dictionary(fc.string({ maxLength: 6 }), fc.oneof(xmlSafeString, fc.integer(), fc.boolean()), {
    maxKeys: 3,
  })
  // '%41' would come back as 'A' from a client if we forgot to percent-encode the document
  .map((o) => JSON.stringify({ ...o, Sid: 'x%41 100% +' }));
const second = fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000));
const millis = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));

function arbitraryFor(model: ServiceModel, shape: Shape, depth = 0): fc.Arbitrary<unknown> {
  switch (shape.type) {
    case 'structure': {
      if (depth > 6) return fc.constant({});
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const m of shape.members) rec[m.name] = arbitraryFor(model, m.shape, depth + 1);
      return fc.record(rec, { requiredKeys: [] });
    }
    case 'list':
      return fc.array(arbitraryFor(model, shape.member.shape, depth + 1), { maxLength: depth > 3 ? 1 : 2 });
    case 'map':
      return fc.dictionary(
        fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== '__proto__'),
        arbitraryFor(model, shape.value.shape, depth + 1),
        { maxKeys: 2 },
      );
    case 'string':
      if (shape.name === 'policyDocumentType') return jsonDoc;
      if (shape.enum) return fc.constantFrom(...shape.enum);
      return xmlSafeString;
    case 'integer':
    case 'long':
      return fc.integer({ min: -1_000_000, max: 1_000_000 });
    case 'double':
    case 'float':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return model.service === 'sts' ? millis : second;
    case 'blob':
      return fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a));
  }
}

/** What botocore should hand back for a value we encoded. */
function expected(model: ServiceModel, shape: Shape, v: unknown): unknown {
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        const x = (v as Record<string, unknown>)[m.name];
        if (x !== undefined) out[m.name] = expected(model, m.shape, x);
      }
      return out;
    }
    case 'list':
      return (v as unknown[]).map((x) => expected(model, shape.member.shape, x));
    case 'map':
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [
          k,
          expected(model, shape.value.shape, x),
        ]),
      );
    case 'string':
      return shape.name === 'policyDocumentType' && model.service === 'iam' ? JSON.parse(v as string) : v;
    case 'timestamp':
      return isoPy(v as Date, model.service === 'sts');
    case 'blob':
      return { $bytes: (v as Buffer).toString('base64') };
    default:
      return v;
  }
}

describe.skipIf(!botocoreAvailable())('property: every output shape round-trips through botocore', () => {
  it('random outputs of all IAM and STS operations', () => {
    const cases: (BotocoreCase & { want: unknown })[] = [];
    for (const model of [iam, sts]) {
      for (const op of model.operations.values()) {
        if (!op.output) continue;
        const samples = fc.sample(arbitraryFor(model, op.output), { numRuns: 3, seed: 20260801 });
        for (const s of samples) {
          cases.push({
            service: model.service as 'iam' | 'sts',
            operation: op.name,
            body: encodeQueryResponse(model, op, s, RID).body,
            want: expected(model, op.output, s),
          });
        }
      }
    }
    expect(cases.length).toBeGreaterThan(300);
    const results = parseWithBotocore(cases);
    const failures: string[] = [];
    let skipped = 0;
    results.forEach((r, i) => {
      const c = cases[i]!;
      if ('exception' in r) {
        if (/OperationNotFound/.test(r.exception)) {
          skipped++; // an operation newer than the installed botocore
          return;
        }
        failures.push(`${c.operation}: ${r.exception}`);
        return;
      }
      const { ResponseMetadata: _, ...parsed } = r.parsed;
      try {
        expect(parsed).toEqual(c.want);
      } catch (e) {
        failures.push(`${c.operation}: ${(e as Error).message.slice(0, 600)}\n${c.body.slice(0, 600)}`);
      }
    });
    expect(failures).toEqual([]);
    expect(skipped).toBeLessThan(cases.length / 10);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// AWS SDK for JavaScript v3: its serializer feeds our decoder, its deserializer reads our encoder.

describe('@aws-sdk/client-iam and client-sts against the codec', () => {
  function iamClient(respond: Parameters<typeof fakeHandler>[0]) {
    const { handler, captured } = fakeHandler(respond);
    return { client: new IAMClient({ ...fakeClientConfig, requestHandler: handler }), captured };
  }

  it('CreateUser: SDK request decodes to the input, our response parses back', async () => {
    const { client, captured } = iamClient((body) => {
      const req = decodeQueryRequest(iam, parseQueryString(body));
      expect(req.input).toEqual({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'dept', Value: 'x y' }] });
      return {
        ...encodeQueryResponse(iam, req.operation, { User: user }, RID),
      };
    });
    const out = await client.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'dept', Value: 'x y' }] }),
    );
    expect(captured.body).toContain('Action=CreateUser');
    expect(out.User).toEqual({ ...user, CreateDate: new Date('2026-01-01T00:00:00Z') });
    expect(out.$metadata.requestId).toBe(RID);
  });

  it('UntagUser with an empty list: JS v3 omits the key, we decode no TagKeys', async () => {
    const { client } = iamClient((body) => {
      const req = decodeQueryRequest(iam, parseQueryString(body));
      expect(req.input.TagKeys ?? []).toEqual([]);
      return {
        ...encodeQueryResponse(iam, req.operation, undefined, RID),
      };
    });
    await client.send(new UntagUserCommand({ UserName: 'u', TagKeys: [] }));
  });

  it('GetRolePolicy: the SDK hands back the percent-encoded document (callers decodeURIComponent)', async () => {
    const { client } = iamClient(() => ({
      ...encodeQueryResponse(
        iam,
        'GetRolePolicy',
        { RoleName: 'r', PolicyName: 'p', PolicyDocument: POLICY },
        RID,
      ),
    }));
    const out = await client.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }));
    expect(decodeURIComponent(out.PolicyDocument!)).toBe(POLICY);
  });

  it('ListUsers with an empty list parses to []', async () => {
    const { client } = iamClient(() => ({
      ...encodeQueryResponse(iam, 'ListUsers', { Users: [], IsTruncated: false }, RID),
    }));
    const out = await client.send(new ListUsersCommand({}));
    expect(out.Users).toEqual([]);
    expect(out.IsTruncated).toBe(false);
  });

  it('errors: the SDK raises the modeled exception with our code, message and status', async () => {
    const { client } = iamClient(() => ({
      ...encodeQueryError(
        new AwsError('NoSuchEntity', 'The user with name bob cannot be found.'),
        RID,
        IAM_NS,
      ),
    }));
    const err = await client.send(new CreateUserCommand({ UserName: 'bob' })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name bob cannot be found.',
      $fault: 'client',
      $metadata: { httpStatusCode: 404, requestId: RID },
    });
  });

  it('STS AssumeRole: PolicyArns.member.N.arn decodes, Expiration millis parse', async () => {
    const { handler } = fakeHandler((body) => {
      const req = decodeQueryRequest(sts, parseQueryString(body));
      expect(req.input).toMatchObject({ PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
      return {
        ...encodeQueryResponse(
          sts,
          req.operation,
          {
            Credentials: {
              AccessKeyId: 'ASIA',
              SecretAccessKey: 's',
              SessionToken: 't',
              Expiration: new Date('2026-01-01T01:00:00.359Z'),
            },
          },
          RID,
        ),
      };
    });
    const client = new STSClient({ ...fakeClientConfig, requestHandler: handler });
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        RoleSessionName: 'sess',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      }),
    );
    expect(out.Credentials?.Expiration?.toISOString()).toBe('2026-01-01T01:00:00.359Z');
  });
});
