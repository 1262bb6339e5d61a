/**
 * Portcullis's own engine, called the way the request path calls it: each policy document is parsed
 * and compiled once, the principal's policies are merged once with `compilePolicySet` (what the
 * per-principal cache holds), and each decision is one `evaluate()` with a request context built
 * beforehand with `contextKeys()`. Nothing about a decision is cached across requests.
 */
import { pathToFileURL } from 'node:url';
import type { AuthorizationInput } from '../../src/policy/authorization-input.js';
import type { CompiledPolicy, PolicyGate } from '../../src/policy/compiled-policy.js';
import { contextKeys, type RequestContext } from '../../src/policy/context.js';
import type { Decision } from '../../src/policy/decision.js';
import type { ParseResult } from '../../src/policy/policy-error.js';
import { buildEngine } from './build-engine.js';
import type { Engine, Outcome, Prepared } from './engine.js';
import { ACCOUNT, type BenchRequest, PRINCIPAL_ARN, type Workload } from './workload.js';

interface PolicyApi {
  parsePolicy(text: string, opts: { kind: 'identity'; id: string }): ParseResult<unknown>;
  compilePolicy(policy: unknown): CompiledPolicy;
  compilePolicySet(policies: readonly CompiledPolicy[]): PolicyGate;
  evaluate(input: AuthorizationInput): Decision;
}

/**
 * The engine is loaded lazily (so the peers can be benchmarked while it is still being written),
 * from TypeScript's emit of src/ (see build-engine.ts); `source: true` loads it through tsx instead.
 */
export async function loadPolicyApi(opts: { source?: boolean } = {}): Promise<PolicyApi | string> {
  try {
    const spec = opts.source ? '../../src/policy/index.js' : pathToFileURL(buildEngine()).href;
    return (await import(spec)) as PolicyApi;
  } catch (e) {
    return (e as Error).message.split('\n')[0]!;
  }
}

export function requestContext(r: BenchRequest): RequestContext {
  const c = r.context;
  const keys: Parameters<typeof contextKeys>[0] = {
    'aws:SourceIp': { type: 'ip', multi: false, values: [c['aws:SourceIp']] },
    'aws:CurrentTime': { type: 'date', multi: false, values: [c['aws:CurrentTime']] },
    'aws:SecureTransport': { type: 'boolean', multi: false, values: [c['aws:SecureTransport']] },
  };
  if (c['aws:PrincipalTag/team'] !== undefined) keys['aws:PrincipalTag/team'] = c['aws:PrincipalTag/team'];
  if (c['s3:prefix'] !== undefined) keys['s3:prefix'] = c['s3:prefix'];
  return {
    action: r.action,
    resource: r.resource,
    resourceAccount: ACCOUNT,
    principal: { type: 'user', arn: PRINCIPAL_ARN, account: ACCOUNT },
    keys: contextKeys(keys),
  };
}

export function portcullisEngine(api: PolicyApi): Engine {
  return {
    name: 'portcullis',
    version: 'this tree',
    prepare(w: Workload): Prepared<AuthorizationInput> {
      const compiled = w.policies.map((p) => {
        const parsed = api.parsePolicy(JSON.stringify(p.document), { kind: 'identity', id: p.name });
        if (!parsed.ok) throw new Error(`portcullis rejected ${p.name}: ${parsed.errors[0]?.message}`);
        return api.compilePolicy(parsed.value);
      });
      const identity = api.compilePolicySet(compiled);
      const evaluate = api.evaluate;
      return {
        requests: w.requests.map((r) => ({ context: requestContext(r), identity })),
        rules: w.policies.reduce((n, p) => n + p.document.Statement.length, 0),
        decide: (input): Outcome => evaluate(input).decision,
      };
    },
  };
}
