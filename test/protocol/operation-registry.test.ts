import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import { defineOperation, OperationRegistry } from '../../src/protocol/operation-registry.js';

interface Ctx {
  accountId: string;
}

const getUser = defineOperation<{ UserName?: string }, { User: { UserName: string } }, Ctx>({
  service: 'iam',
  name: 'GetUser',
  action: 'iam:GetUser',
  readOnly: true,
  resource: (input, ctx) => `arn:aws:iam::${ctx.accountId}:user/${input.UserName ?? 'self'}`,
  handler: (input) => ({ User: { UserName: input.UserName ?? 'self' } }),
});

describe('OperationRegistry', () => {
  const registry = new OperationRegistry<Ctx>().register(getUser);

  it('looks operations up by service and model name, with the model attached', async () => {
    const op = registry.lookup('iam', 'GetUser', '2010-05-08');
    expect(op.action).toBe('iam:GetUser');
    expect(op.readOnly).toBe(true);
    expect(op.model.resultWrapper).toBe('GetUserResult');
    expect(op.resource({ UserName: 'bob' }, { accountId: '123456789012', partition: 'aws' })).toBe(
      'arn:aws:iam::123456789012:user/bob',
    );
    expect(await op.handler({ UserName: 'bob' }, { accountId: '1' })).toEqual({ User: { UserName: 'bob' } });
  });

  it.each([
    ['iam', 'CreateUsr', '2010-05-08', 'Could not find operation CreateUsr for version 2010-05-08'],
    ['iam', 'CreateUser', undefined, 'Could not find operation CreateUser for version 2010-05-08'],
    ['iam', 'GetUser', '2011-06-15', 'Could not find operation GetUser for version 2011-06-15'],
    ['sts', 'GetUser', undefined, 'Could not find operation GetUser for version 2011-06-15'],
  ] as const)('a miss is InvalidAction: %s %s %s', (service, name, version, msg) => {
    let err: unknown;
    try {
      registry.lookup(service, name, version);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AwsError);
    expect(err).toMatchObject({ code: 'InvalidAction', status: 400, message: msg });
  });

  it('refuses names the model lacks, bad actions and duplicates', () => {
    const r = new OperationRegistry<Ctx>();
    expect(() => r.register({ ...getUser, name: 'NoSuchOp' })).toThrow(/no operation NoSuchOp/);
    expect(() => r.register({ ...getUser, action: 'GetUser' })).toThrow(/bad IAM action/);
    r.register(getUser);
    expect(() => r.register(getUser)).toThrow(/twice/);
    expect(r.list().map((o) => o.name)).toEqual(['GetUser']);
    expect(r.find('iam', 'GetUser')).toBeDefined();
    expect(r.find('sts', 'GetUser')).toBeUndefined();
  });
});
