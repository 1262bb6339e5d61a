/**
 * @cedar-policy/cedar-wasm, called its fastest way: the translated policy set is parsed once into
 * the wasm module's cache with `preparsePolicySet`, and each decision is one
 * `statefulIsAuthorized` call naming that set (no schema, no entities: identity policies need
 * neither). The request object for each of the 1,000 requests is built once, before timing; the
 * JSON-to-wasm crossing of that object on each call is inherent to the API.
 *
 * Translation of one IAM statement (see docs/benchmarks.md):
 *   Allow -> permit, Deny -> forbid (Cedar: default deny, forbid overrides permit, as IAM).
 *   Action: exact actions only -> scope `action in [Action::"s3:getobject", ...]` (lower-cased: IAM
 *     actions are case-insensitive); with wildcards -> `when` over `context.action like "s3:get*"`.
 *   Resource: one exact ARN -> scope `resource == Resource::"arn..."`; else `when` over
 *     `resource == ...` / `context.resource like "arn...*"`.
 *   Conditions -> `when` clauses over typed context attributes: ip (ip extension), now (datetime
 *     extension), secure (Bool), team / prefix (String, optional: IAM's missing-key rules are
 *     written out with `has`).
 * A deny whose diagnostics name a forbid policy is an explicit deny, otherwise implicit.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { type Engine, type Outcome, type Prepared, packageVersion } from './engine.js';
import type { BenchRequest, StatementJson, Workload } from './workload.js';

type Call = cedar.StatefulAuthorizationCall;

const str = (s: string): string => JSON.stringify(s);
/** An IAM glob as a Cedar `like` pattern: `*` carries over; a literal `*` cannot occur here. */
const like = (glob: string): string => str(glob);
const any = (xs: readonly string[]): string => (xs.length === 1 ? xs[0]! : `(${xs.join(' || ')})`);
const isGlob = (p: string): boolean => p.includes('*') || p.includes('?');

function conditionExpr(op: string, key: string, values: readonly string[]): string {
  const set = `[${values.map(str).join(', ')}]`;
  switch (`${op} ${key}`) {
    case 'IpAddress aws:SourceIp':
      return any(values.map((v) => `context.ip.isInRange(ip(${str(v)}))`));
    case 'NotIpAddress aws:SourceIp':
      return `!(${any(values.map((v) => `context.ip.isInRange(ip(${str(v)}))`))})`;
    case 'StringEquals aws:PrincipalTag/team':
      return `(context has team && ${set}.contains(context.team))`;
    case 'StringEqualsIfExists aws:PrincipalTag/team':
      return `(!(context has team) || ${set}.contains(context.team))`;
    // IAM: a negated operator holds when the key is absent.
    case 'StringNotEquals aws:PrincipalTag/team':
      return `(!(context has team) || !(${set}.contains(context.team)))`;
    case 'StringLike s3:prefix':
      return `(context has prefix && ${any(values.map((v) => `context.prefix like ${like(v)}`))})`;
    case 'DateLessThan aws:CurrentTime':
      return `context.now < datetime(${str(values[0]!)})`;
    case 'DateGreaterThan aws:CurrentTime':
      return `context.now > datetime(${str(values[0]!)})`;
    case 'Bool aws:SecureTransport':
      return `context.secure == ${values[0] === 'true'}`;
  }
  throw new Error(`cedar translation: no rule for ${op} on ${key}`);
}

export function translateStatement(s: StatementJson): string {
  const when: string[] = [];
  const actions = s.Action.map((a) => a.toLowerCase());
  let actionScope = 'action';
  if (actions.every((a) => !isGlob(a))) {
    actionScope = `action in [${actions.map((a) => `Action::${str(a)}`).join(', ')}]`;
  } else {
    when.push(
      any(actions.map((a) => (isGlob(a) ? `context.action like ${like(a)}` : `action == Action::${str(a)}`))),
    );
  }
  let resourceScope = 'resource';
  if (s.Resource.includes('*')) {
    // matches every resource: no constraint
  } else if (s.Resource.length === 1 && !isGlob(s.Resource[0]!)) {
    resourceScope = `resource == Resource::${str(s.Resource[0]!)}`;
  } else {
    when.push(
      any(
        s.Resource.map((r) =>
          isGlob(r) ? `context.resource like ${like(r)}` : `resource == Resource::${str(r)}`,
        ),
      ),
    );
  }
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) when.push(conditionExpr(op, key, values));
  }
  const effect = s.Effect === 'Allow' ? 'permit' : 'forbid';
  const body = when.length > 0 ? ` when { ${when.join(' && ')} }` : '';
  return `${effect} (principal, ${actionScope}, ${resourceScope})${body};`;
}

function translateRequest(r: BenchRequest, setId: string): Call {
  const c = r.context;
  const context: cedar.Context = {
    action: r.action.toLowerCase(),
    resource: r.resource,
    ip: { __extn: { fn: 'ip', arg: c['aws:SourceIp'] } },
    now: { __extn: { fn: 'datetime', arg: c['aws:CurrentTime'] } },
    secure: c['aws:SecureTransport'] === 'true',
  };
  if (c['aws:PrincipalTag/team'] !== undefined) context.team = c['aws:PrincipalTag/team'];
  if (c['s3:prefix'] !== undefined) context.prefix = c['s3:prefix'];
  return {
    principal: { type: 'User', id: 'bench-app' },
    action: { type: 'Action', id: r.action.toLowerCase() },
    resource: { type: 'Resource', id: r.resource },
    context,
    preparsedPolicySetId: setId,
    entities: [],
  };
}

export const cedarEngine: Engine = {
  name: 'cedar-wasm',
  version: packageVersion('@cedar-policy/cedar-wasm'),
  prepare(w: Workload): Prepared<Call> {
    const policies: Record<string, string> = {};
    for (const p of w.policies) {
      for (const s of p.document.Statement) policies[`${p.name}/${s.Sid}`] = translateStatement(s);
    }
    const setId = `bench-${w.name}`;
    const parsed = cedar.preparsePolicySet(setId, { staticPolicies: policies });
    if (parsed.type !== 'success') {
      throw new Error(`cedar rejected the translation: ${JSON.stringify(parsed.errors).slice(0, 500)}`);
    }
    return {
      requests: w.requests.map((r) => translateRequest(r, setId)),
      rules: Object.keys(policies).length,
      decide(call): Outcome {
        const answer = cedar.statefulIsAuthorized(call);
        if (answer.type !== 'success') throw new Error(`cedar failed: ${answer.errors[0]?.message}`);
        const res = answer.response;
        if (res.diagnostics.errors.length > 0)
          throw new Error(`cedar: ${res.diagnostics.errors[0]!.error.message}`);
        if (res.decision === 'allow') return 'allowed';
        return res.diagnostics.reason.length > 0 ? 'explicitDeny' : 'implicitDeny';
      },
    };
  },
};
