/** Shared principals, accounts and builders for pinned cases (reference, engine and peer tests). */
import type { ContextValue, RequestPrincipal } from '../../src/policy/context.js';
import type { RawDoc, RefCase, RefPolicies, RefRequest } from './case.js';

export const ACCT_A = '111122223333';
export const ACCT_B = '444455556666';

export const alice: RequestPrincipal = {
  type: 'user',
  arn: `arn:aws:iam::${ACCT_A}:user/alice`,
  account: ACCT_A,
};
export const bob: RequestPrincipal = {
  type: 'user',
  arn: `arn:aws:iam::${ACCT_B}:user/bob`,
  account: ACCT_B,
};
export const rootA: RequestPrincipal = { type: 'root', arn: `arn:aws:iam::${ACCT_A}:root`, account: ACCT_A };
export const sessionA: RequestPrincipal = {
  type: 'assumedRole',
  arn: `arn:aws:sts::${ACCT_A}:assumed-role/Dev/s1`,
  account: ACCT_A,
  roleArn: `arn:aws:iam::${ACCT_A}:role/Dev`,
};
export const sessionB: RequestPrincipal = {
  type: 'assumedRole',
  arn: `arn:aws:sts::${ACCT_B}:assumed-role/Ops/s2`,
  account: ACCT_B,
  roleArn: `arn:aws:iam::${ACCT_B}:role/Ops`,
};
export const fedA: RequestPrincipal = {
  type: 'federatedUser',
  arn: `arn:aws:sts::${ACCT_A}:federated-user/fed`,
  account: ACCT_A,
};
export const anonymous: RequestPrincipal = { type: 'anonymous', arn: '*', account: '' };
export const sqsService: RequestPrincipal = {
  type: 'service',
  arn: 'sqs.amazonaws.com',
  account: '',
  service: 'sqs.amazonaws.com',
};

export const QUEUE_A = `arn:aws:sqs:us-east-1:${ACCT_A}:queue1`;
export const QUEUE_B = `arn:aws:sqs:us-east-1:${ACCT_B}:queue2`;

/** The keys AWS always sets for an IAM principal (aws:PrincipalArn, aws:PrincipalAccount, aws:username). */
export function principalKeys(p: RequestPrincipal): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  const s = (v: string): ContextValue => ({ type: 'string', multi: false, values: [v] });
  if (p.account !== '') {
    keys['aws:principalarn'] = s(p.roleArn ?? p.arn);
    keys['aws:principalaccount'] = s(p.account);
  }
  if (p.type === 'user') keys['aws:username'] = s(p.arn.slice(p.arn.lastIndexOf('/') + 1));
  return keys;
}

export const str = (v: string): ContextValue => ({ type: 'string', multi: false, values: [v] });
export const list = (...v: string[]): ContextValue => ({ type: 'stringList', multi: true, values: v });
export const typed = (type: ContextValue['type'], v: string): ContextValue => ({
  type,
  multi: false,
  values: [v],
});

export function req(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  context: Record<string, ContextValue> = {},
): RefRequest {
  const fields = resource.split(':');
  const lower: Record<string, ContextValue> = { ...principalKeys(principal) };
  for (const [k, v] of Object.entries(context)) lower[k.toLowerCase()] = v;
  return { action, resource, resourceAccount: fields[4] || principal.account, principal, context: lower };
}

export const doc = (...Statement: Record<string, unknown>[]): RawDoc => ({
  Version: '2012-10-17',
  Statement,
});

export const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

export const mkCase = (request: RefRequest, policies: RefPolicies): RefCase => ({ request, policies });

/** A policy variable, written without a `${` in a plain string literal: `vr('aws:username')`. */
export const vr = (inner: string): string => '$' + '{' + inner + '}';
