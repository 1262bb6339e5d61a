/**
 * Federation end to end: OIDC and SAML providers managed through boto3 and the AWS CLI, then
 * AssumeRoleWithWebIdentity (AWS CLI, SDK v3) against a loopback OIDC IdP and AssumeRoleWithSAML
 * (AWS CLI, boto3) with assertions signed by a test SAML IdP; the credentials then call STS and IAM.
 * Every bad input is refused with AWS's error and issues nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcProviderKey } from '../../src/domain/identity-provider.js';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  isolatedAwsEnv,
  type Keys,
  REGION,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';
import { type OidcIdp, startOidcIdp } from './oidc-idp.js';
import {
  type AssertionSpec,
  assertionXml,
  b64,
  makeSamlKey,
  metadataXml,
  responseXml,
  type SamlKey,
  sign,
} from './saml-idp.js';

let server: ServerProcess;
let idp: OidcIdp;
let samlKey: SamlKey;
let oidcArn: string;
let oidcKey: string;
const ENTITY = 'https://idp.example.com/saml-metadata';
const SAML_ARN = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/TestIdP`;
const WEB_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/WebRole`;
const SAML_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/SamlRole`;

beforeAll(async () => {
  [server, idp] = await Promise.all([
    startServer({ env: { PORTCULLIS_OIDC_INSECURE_LOOPBACK: 'true' } }),
    startOidcIdp(),
  ]);
  samlKey = makeSamlKey();
  oidcKey = oidcProviderKey(idp.issuer);
  oidcArn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${oidcKey}`;
}, 30_000);
afterAll(async () => {
  await idp?.stop();
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

/**
 * The aws CLI with temporary credentials (or none: the two federated calls are unsigned). Async:
 * the loopback OIDC IdP runs in this process and must answer the server while the CLI waits.
 */
function awsWith(keys: (Keys & { sessionToken?: string }) | undefined, args: string[]) {
  const env = isolatedAwsEnv(keys ?? { accessKeyId: '', secretAccessKey: '' });
  if (keys === undefined) {
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
  }
  if (keys?.sessionToken !== undefined) env.AWS_SESSION_TOKEN = keys.sessionToken;
  return new Promise<{ status: number; json: unknown; stderr: string; errorCode: string | undefined }>(
    (resolve) => {
      execFile(
        'aws',
        ['--endpoint-url', server.url, '--output', 'json', ...args],
        { env, encoding: 'utf8', timeout: 30_000 },
        (error, stdout, stderr) => {
          let json: unknown;
          try {
            json = JSON.parse(stdout);
          } catch {
            json = undefined;
          }
          resolve({
            status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
            json,
            stderr,
            errorCode: /An error occurred \(([^)]+)\)/.exec(stderr)?.[1],
          });
        },
      );
    },
  );
}

const sts = () =>
  new STSClient({ endpoint: server.url, region: REGION, maxAttempts: 1, credentials: ROOT_KEY });

const sdkError = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { name?: string }).name;
  }
};

describe('identity providers (IAM)', () => {
  it('OIDC: create, get, list, client ids, thumbprints, tags, errors (boto3)', () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
out = {}
c = iam.create_open_id_connect_provider(Url=${JSON.stringify(idp.issuer)}, ClientIDList=['my-app'], Tags=[{'Key': 'team', 'Value': 'id'}])
out['arn'] = c['OpenIDConnectProviderArn']
out['createTags'] = c.get('Tags')
arn = out['arn']
try:
    iam.create_open_id_connect_provider(Url=${JSON.stringify(idp.issuer)}, ClientIDList=['x'])
except botocore.exceptions.ClientError as e:
    out['dup'] = e.response['Error']['Code']
try:
    iam.create_open_id_connect_provider(Url='http://insecure.example.com', ClientIDList=['x'])
except botocore.exceptions.ClientError as e:
    out['http'] = e.response['Error']['Code']
try:
    iam.create_open_id_connect_provider(Url='https://x.example.com', ThumbprintList=['z' * 40])
except botocore.exceptions.ClientError as e:
    out['thumb'] = e.response['Error']['Code']
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='sts.amazonaws.com')
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='temp')
iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='temp')
iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=['A' * 40])
g = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['get'] = {'Url': g['Url'], 'ClientIDList': g['ClientIDList'], 'ThumbprintList': g['ThumbprintList'], 'Tags': g.get('Tags')}
out['list'] = [p['Arn'] for p in iam.list_open_id_connect_providers()['OpenIDConnectProviderList']]
iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{'Key': 'env', 'Value': 'test'}])
iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=['team'])
out['tags'] = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)['Tags']
try:
    iam.get_open_id_connect_provider(OpenIDConnectProviderArn='arn:aws:iam::${ACCOUNT_ID}:oidc-provider/nope.example.com')
except botocore.exceptions.ClientError as e:
    out['missing'] = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps(out))
`,
    );
    expect(r.json, r.stderr).toEqual({
      arn: oidcArn,
      createTags: [{ Key: 'team', Value: 'id' }],
      dup: 'EntityAlreadyExists',
      http: 'InvalidInput',
      thumb: 'InvalidInput',
      get: {
        Url: oidcKey,
        ClientIDList: ['my-app', 'sts.amazonaws.com'],
        ThumbprintList: ['a'.repeat(40)],
        Tags: [{ Key: 'team', Value: 'id' }],
      },
      list: [oidcArn],
      tags: [{ Key: 'env', Value: 'test' }],
      missing: [
        'NoSuchEntity',
        `OpenIDConnect Provider not found for arn arn:aws:iam::${ACCOUNT_ID}:oidc-provider/nope.example.com`,
      ],
    });
  });

  it('SAML: create, get, list, update, tags, bad metadata, delete (AWS CLI)', () => {
    const metadata = metadataXml(ENTITY, samlKey);
    const created = aws(server, ROOT_KEY, [
      'iam',
      'create-saml-provider',
      '--name',
      'TestIdP',
      '--saml-metadata-document',
      metadata,
      '--tags',
      'Key=team,Value=id',
    ]);
    expect(created.json).toMatchObject({ SAMLProviderArn: SAML_ARN });
    const got = aws(server, ROOT_KEY, ['iam', 'get-saml-provider', '--saml-provider-arn', SAML_ARN]).json as {
      SAMLMetadataDocument: string;
      ValidUntil: string;
    };
    expect(got.SAMLMetadataDocument).toBe(metadata);
    expect(new Date(got.ValidUntil).getTime()).toBeGreaterThan(Date.now() + 50 * 365 * 86400_000);
    const list = aws(server, ROOT_KEY, ['iam', 'list-saml-providers']).json as {
      SAMLProviderList: { Arn: string }[];
    };
    expect(list.SAMLProviderList.map((p) => p.Arn)).toEqual([SAML_ARN]);
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'update-saml-provider',
        '--saml-provider-arn',
        SAML_ARN,
        '--saml-metadata-document',
        metadata,
      ]).json,
    ).toEqual({ SAMLProviderArn: SAML_ARN });
    aws(server, ROOT_KEY, [
      'iam',
      'tag-saml-provider',
      '--saml-provider-arn',
      SAML_ARN,
      '--tags',
      'Key=env,Value=test',
    ]);
    expect(
      (
        aws(server, ROOT_KEY, ['iam', 'list-saml-provider-tags', '--saml-provider-arn', SAML_ARN]).json as {
          Tags: unknown[];
        }
      ).Tags,
    ).toEqual([
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'id' },
    ]);
    const bad = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:IDPSSODescriptor/></md:EntityDescriptor>${' '.repeat(1000)}`;
    expect(
      aws(server, ROOT_KEY, ['iam', 'create-saml-provider', '--name', 'Bad', '--saml-metadata-document', bad])
        .errorCode,
    ).toBe('InvalidInput');
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'create-saml-provider',
        '--name',
        'TestIdP',
        '--saml-metadata-document',
        metadata,
      ]).errorCode,
    ).toBe('EntityAlreadyExists');
    aws(server, ROOT_KEY, [
      'iam',
      'create-saml-provider',
      '--name',
      'Temp',
      '--saml-metadata-document',
      metadata,
    ]);
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'delete-saml-provider',
        '--saml-provider-arn',
        `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Temp`,
      ]).status,
    ).toBe(0);
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'get-saml-provider',
        '--saml-provider-arn',
        `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Temp`,
      ]).errorCode,
    ).toBe('NoSuchEntity');
  });

  it('roles trusting the providers', () => {
    const webTrust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: oidcArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${oidcKey}:aud`]: 'my-app', [`${oidcKey}:sub`]: 'user-1' } },
        },
      ],
    };
    const samlTrust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: SAML_ARN },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          Condition: { StringEquals: { 'saml:aud': `${server.url}/saml`, 'saml:sub_type': 'persistent' } },
        },
      ],
    };
    const list = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }],
    });
    // SamlRole may list roles only while its session carries the PrincipalTag the assertion sets.
    const tagged = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:ListRoles',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        },
      ],
    });
    for (const [name, trust, permissions] of [
      ['WebRole', webTrust, list],
      ['SamlRole', samlTrust, tagged],
    ] as const) {
      expect(
        aws(server, ROOT_KEY, [
          'iam',
          'create-role',
          '--role-name',
          name,
          '--assume-role-policy-document',
          JSON.stringify(trust),
        ]).status,
      ).toBe(0);
      expect(
        aws(server, ROOT_KEY, [
          'iam',
          'put-role-policy',
          '--role-name',
          name,
          '--policy-name',
          'list',
          '--policy-document',
          permissions,
        ]).status,
      ).toBe(0);
    }
  });
});

describe('AssumeRoleWithWebIdentity', () => {
  it('AWS CLI: the token gives credentials that call STS and IAM as the role session', async () => {
    const token = await idp.token({ sub: 'user-1', aud: 'my-app' });
    const r = await awsWith(undefined, [
      'sts',
      'assume-role-with-web-identity',
      '--role-arn',
      WEB_ROLE,
      '--role-session-name',
      'web-session',
      '--web-identity-token',
      token,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.json as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      SubjectFromWebIdentityToken: string;
      AssumedRoleUser: { Arn: string };
      Provider: string;
      Audience: string;
    };
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: 'user-1',
      AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/WebRole/web-session` },
      Provider: oidcKey,
      Audience: 'my-app',
    });
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const keys = {
      accessKeyId: out.Credentials.AccessKeyId,
      secretAccessKey: out.Credentials.SecretAccessKey,
      sessionToken: out.Credentials.SessionToken,
    };
    expect(((await awsWith(keys, ['sts', 'get-caller-identity'])).json as { Arn: string }).Arn).toBe(
      `arn:aws:sts::${ACCOUNT_ID}:assumed-role/WebRole/web-session`,
    );
    const roles = (await awsWith(keys, ['iam', 'list-roles'])).json as { Roles: { RoleName: string }[] };
    expect(roles.Roles.map((x) => x.RoleName)).toContain('WebRole');
    expect((await awsWith(keys, ['iam', 'list-users'])).errorCode).toBe('AccessDenied');
  });

  it('AWS CLI with AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ENDPOINT_URL (the credential provider)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-token-'));
    try {
      writeFileSync(join(dir, 'token'), await idp.token({ sub: 'user-1', aud: 'my-app' }));
      const env = isolatedAwsEnv({ accessKeyId: '', secretAccessKey: '' });
      delete env.AWS_ACCESS_KEY_ID;
      delete env.AWS_SECRET_ACCESS_KEY;
      Object.assign(env, {
        AWS_ROLE_ARN: WEB_ROLE,
        AWS_ROLE_SESSION_NAME: 'from-file',
        AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'),
        AWS_ENDPOINT_URL: server.url,
      });
      const out = await new Promise<string>((resolve) => {
        execFile(
          'aws',
          ['--output', 'json', 'sts', 'get-caller-identity'],
          { env, encoding: 'utf8', timeout: 30_000 },
          (_e, stdout, stderr) => resolve(stdout || stderr),
        );
      });
      expect(out).toContain(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/WebRole/from-file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SDK v3: round trip, and each bad token refused with nothing issued', async () => {
    const client = sts();
    const ok = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: WEB_ROLE,
        RoleSessionName: 'sdk',
        WebIdentityToken: await idp.token({ sub: 'user-1', aud: 'my-app' }),
      }),
    );
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const who = await new STSClient({
      endpoint: server.url,
      region: REGION,
      maxAttempts: 1,
      credentials: {
        accessKeyId: ok.Credentials!.AccessKeyId!,
        secretAccessKey: ok.Credentials!.SecretAccessKey!,
        sessionToken: ok.Credentials!.SessionToken!,
      },
    }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/WebRole/sdk`);

    const attempt = async (token: string, session = 'sdk') =>
      sdkError(
        client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: WEB_ROLE,
            RoleSessionName: session,
            WebIdentityToken: token,
          }),
        ),
      );
    expect(await attempt(await idp.token({ sub: 'user-1', aud: 'my-app' }, { forged: true }))).toBe(
      'InvalidIdentityTokenException',
    );
    expect(await attempt(await idp.token({ sub: 'user-1', aud: 'my-app' }, { expiresIn: -600 }))).toBe(
      'ExpiredTokenException',
    );
    expect(await attempt(await idp.token({ sub: 'user-1', aud: 'wrong' }))).toBe(
      'InvalidIdentityTokenException',
    );
    expect(
      await attempt(
        await idp.token({ sub: 'user-1', aud: 'my-app' }, { issuer: 'https://unknown.example.com' }),
      ),
    ).toBe('InvalidIdentityTokenException');
    // The trust policy's sub condition: another subject is not trusted.
    expect(await attempt(await idp.token({ sub: 'user-2', aud: 'my-app' }))).toBe('AccessDenied');
    // Session tags in the token need sts:TagSession, which WebRole's trust policy does not allow.
    const withTags = await idp.token({
      sub: 'user-1',
      aud: 'my-app',
      'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] }, transitive_tag_keys: [] },
    });
    expect(await attempt(withTags)).toBe('AccessDenied');
    expect(await attempt(await idp.token({ sub: 'user-1', aud: 'my-app' }), 'bad name!')).toBe(
      'ValidationError',
    );
  });
});

describe('AssumeRoleWithSAML', () => {
  const recipient = () => `${server.url}/saml`;
  const response = (over: Partial<AssertionSpec> = {}, key = samlKey) => {
    const assertion = assertionXml({
      issuer: ENTITY,
      recipient: recipient(),
      roleArn: SAML_ROLE,
      providerArn: SAML_ARN,
      sessionName: 'alice',
      extraAttributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['blue'] },
      ...over,
    });
    return b64(sign(responseXml(assertion, recipient(), ENTITY), key, 'Assertion'));
  };

  it('AWS CLI and boto3: a signed assertion gives credentials for the role', async () => {
    const cli = await awsWith(undefined, [
      'sts',
      'assume-role-with-saml',
      '--role-arn',
      SAML_ROLE,
      '--principal-arn',
      SAML_ARN,
      '--saml-assertion',
      response(),
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.json).toMatchObject({
      AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/SamlRole/alice` },
      Subject: 'alice@example.com',
      SubjectType: 'persistent',
      Issuer: ENTITY,
      Audience: recipient(),
    });
    const c = (
      cli.json as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }
    ).Credentials;
    const keys = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    expect(((await awsWith(keys, ['sts', 'get-caller-identity'])).json as { Arn: string }).Arn).toBe(
      `arn:aws:sts::${ACCOUNT_ID}:assumed-role/SamlRole/alice`,
    );
    // The PrincipalTag:team attribute became a session tag that the role's policy requires.
    const roles = (await awsWith(keys, ['iam', 'list-roles'])).json as { Roles: { RoleName: string }[] };
    expect(roles.Roles.map((x) => x.RoleName)).toContain('SamlRole');
    const boto = boto3(
      server,
      ROOT_KEY,
      `
s = boto3.client('sts', endpoint_url=${JSON.stringify(server.url)}, region_name='${REGION}', config=Config(signature_version=botocore.UNSIGNED, retries={'max_attempts': 1}))
r = s.assume_role_with_saml(RoleArn='${SAML_ROLE}', PrincipalArn='${SAML_ARN}', SAMLAssertion=${JSON.stringify(response())})
print(json.dumps({'arn': r['AssumedRoleUser']['Arn'], 'nq': r['NameQualifier'], 'packed': r.get('PackedPolicySize')}))
`,
    );
    expect(boto.json).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/SamlRole/alice` });
    expect((boto.json as { nq: string }).nq).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('bad assertions refused with AWS errors (boto3)', () => {
    const other = makeSamlKey('attacker');
    const unsigned = b64(
      responseXml(
        assertionXml({
          issuer: ENTITY,
          recipient: recipient(),
          roleArn: SAML_ROLE,
          providerArn: SAML_ARN,
          sessionName: 'alice',
        }),
        recipient(),
        ENTITY,
      ),
    );
    const cases: Record<string, string> = {
      unsigned,
      resigned: response({}, other),
      wrongRecipient: response({ recipient: 'https://signin.aws.amazon.com/saml' }),
      expired: response({ notOnOrAfter: -120 }),
      badSessionName: response({ sessionName: 'no spaces allowed' }),
      otherRole: response({ roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/WebRole` }),
    };
    const r = boto3(
      server,
      ROOT_KEY,
      `
s = boto3.client('sts', endpoint_url=${JSON.stringify(server.url)}, region_name='${REGION}', config=Config(signature_version=botocore.UNSIGNED, retries={'max_attempts': 1}))
cases = json.loads(${JSON.stringify(JSON.stringify(cases))})
out = {}
for name, assertion in cases.items():
    try:
        s.assume_role_with_saml(RoleArn='${SAML_ROLE}', PrincipalArn='${SAML_ARN}', SAMLAssertion=assertion)
        out[name] = 'issued'
    except botocore.exceptions.ClientError as e:
        out[name] = e.response['Error']['Code']
print(json.dumps(out))
`,
    );
    expect(r.json).toEqual({
      unsigned: 'InvalidIdentityToken',
      resigned: 'InvalidIdentityToken',
      wrongRecipient: 'InvalidIdentityToken',
      expired: 'ExpiredTokenException',
      badSessionName: 'InvalidIdentityToken',
      otherRole: 'AccessDenied',
    });
  });
});

describe('the audit trail of federated calls', () => {
  const lookup = async (eventName: string) => {
    await new Promise((r) => setTimeout(r, 300)); // reads and unsigned calls are written in batches
    const r = await awsWith(ROOT_KEY, [
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      `AttributeKey=EventName,AttributeValue=${eventName}`,
    ]);
    expect(r.status, r.stderr).toBe(0);
    return (r.json as { Events: { Username?: string; CloudTrailEvent: string }[] }).Events;
  };

  it('records AssumeRoleWithWebIdentity as a WebIdentityUser in the role account, secrets redacted', async () => {
    const events = await lookup('AssumeRoleWithWebIdentity');
    const ok = events.find((e) => !e.CloudTrailEvent.includes('"errorCode"'));
    expect(ok?.Username).toBe('user-1');
    const record = JSON.parse(ok!.CloudTrailEvent);
    expect(record).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      recipientAccountId: ACCOUNT_ID,
      userIdentity: {
        type: 'WebIdentityUser',
        userName: 'user-1',
        identityProvider: oidcKey,
        principalId: `${oidcKey}:my-app:user-1`,
      },
    });
    expect(ok!.CloudTrailEvent).toMatch(/"SessionToken":"\[REDACTED\]"/i);
    expect(ok!.CloudTrailEvent).not.toMatch(/"(SessionToken|SecretAccessKey)":"(?!\[REDACTED\])/i);
  });

  it('records AssumeRoleWithSAML as a SAMLUser in the role account', async () => {
    const events = await lookup('AssumeRoleWithSAML');
    const ok = events.find((e) => !e.CloudTrailEvent.includes('"errorCode"'));
    expect(JSON.parse(ok!.CloudTrailEvent)).toMatchObject({
      recipientAccountId: ACCOUNT_ID,
      userIdentity: { type: 'SAMLUser', userName: 'alice@example.com', identityProvider: ENTITY },
    });
  });
});
