/**
 * Minimal cases where the differential run found our engine disagreeing with AWS's documentation
 * (and the naive reference). A case the engine still gets wrong is marked `it.fails`: when the engine
 * is fixed the case starts passing, `it.fails` then fails, and the marker must be removed (and the
 * entry in test/reference/engine-known-bugs.ts with it).
 */
import { describe, expect, it } from 'vitest';
import { engineEvaluate } from '../reference/engine-adapter.js';
import { ACCT_A, alice, bob, doc, mkCase, QUEUE_A, req } from '../reference/fixtures.js';
import { naiveEvaluate } from '../reference/naive-evaluator.js';

const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

describe('engine bugs found by differential testing', () => {
  // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
  // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
  // element." (IAM User Guide: Permissions boundaries for IAM entities; NotPrincipal key points.)
  const notPrincipalWithBoundary = mkCase(req(alice, 'sqs:SendMessage', QUEUE_A), {
    identity: [allowAll],
    boundary: [allowAll],
    resource: {
      kind: 'resource',
      doc: doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCT_A}:root`] },
        Action: 'sqs:*',
        Resource: QUEUE_A,
      }),
    },
  });
  it('reference: NotPrincipal Deny denies a principal that has a permissions boundary', () => {
    expect(naiveEvaluate(notPrincipalWithBoundary)).toEqual({
      decision: 'explicitDeny',
      deniedBy: 'resource',
    });
  });
  it('engine: NotPrincipal Deny denies a principal that has a permissions boundary', () => {
    const d = engineEvaluate(notPrincipalWithBoundary);
    expect({ decision: d.decision, deniedBy: d.deniedBy }).toEqual({
      decision: 'explicitDeny',
      deniedBy: 'resource',
    });
  });

  // Decision.deniedBy: "The gate of AWS's evaluation logic that produced a denial, in the order AWS
  // checks them" — resource-based policy before identity-based policies (the evaluation flowchart,
  // and the engine's own implicit-deny order). A Deny in both names 'resource'.
  const denyInBoth = mkCase(req(bob, 'sqs:SendMessage', QUEUE_A), {
    identity: [doc({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' })],
    resource: {
      kind: 'resource',
      doc: doc({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*' }),
    },
  });
  it('reference: a Deny in both resource and identity policies names the resource gate', () => {
    expect(naiveEvaluate(denyInBoth)).toEqual({ decision: 'explicitDeny', deniedBy: 'resource' });
  });
  it('engine: a Deny in both resource and identity policies names the resource gate', () => {
    expect(engineEvaluate(denyInBoth).deniedBy).toBe('resource');
  });

  // "Role trust policy: A JSON policy document in which you define the principals that you trust to
  // assume the role. A role trust policy is a required resource-based policy that is attached to a
  // role in IAM." (IAM User Guide: Roles terms and concepts.) A trust policy that does not name the
  // caller (or the caller's account) cannot be bypassed by an identity-based Allow, even in the same
  // account.
  const trustNotNamingCaller = mkCase(req(alice, 'sts:AssumeRole', `arn:aws:iam::${ACCT_A}:role/Dev`), {
    identity: [allowAll],
    resource: {
      kind: 'trust',
      doc: doc({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }),
    },
  });
  it('reference: a same-account trust policy must name the caller', () => {
    expect(naiveEvaluate(trustNotNamingCaller)).toEqual({ decision: 'implicitDeny', deniedBy: 'trust' });
  });
  it('engine: a same-account trust policy must name the caller', () => {
    const d = engineEvaluate(trustNotNamingCaller);
    expect({ decision: d.decision, deniedBy: d.deniedBy }).toEqual({
      decision: 'implicitDeny',
      deniedBy: 'trust',
    });
  });
});
