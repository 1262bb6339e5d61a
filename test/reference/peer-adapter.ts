/**
 * Runs a generated case through the peer simulator `@cloud-copilot/iam-simulate` (AGPL-3.0: a
 * dev-dependency for tests and benchmarks only; never import it from src/).
 *
 * We call its core `authorize()` directly rather than `runSimulation()`: the latter validates
 * actions and context keys against its bundled AWS catalogue and drops keys it does not know for
 * the action, and its public `runUnsafeSimulation()` ignores session policies. The package's export
 * map only exposes the entry point, so the core modules are imported by file path.
 */
import { loadPolicy } from '@cloud-copilot/iam-policy';
import type { DecisionValue } from '../../src/policy/decision.js';
import { DiscoveryContextKeyConstraints } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js';
import { authorize } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js';
import { AwsRequestImpl } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/request/request.js';
import { RequestContextImpl } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/requestContext.js';
import type { RefCase } from './case.js';

const RESULT: Record<string, DecisionValue> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

/** The peer's decision, or `error` when it threw. */
export function peerEvaluate(c: RefCase): DecisionValue | 'error' {
  const { request: r, policies } = c;
  const context: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.context)) context[k] = v.multi ? [...v.values] : v.values[0]!;
  const principal =
    r.principal.type === 'anonymous'
      ? { type: 'Anonymous' as const }
      : r.principal.type === 'service'
        ? r.principal.service!
        : r.principal.arn;
  const load = (doc: unknown, name: string) => loadPolicy(doc, { name });
  try {
    const analysis = authorize({
      request: new AwsRequestImpl(
        principal,
        { resource: r.resource, accountId: r.resourceAccount },
        r.action,
        new RequestContextImpl(context),
      ),
      sessionPolicy:
        policies.session?.[0] !== undefined ? load(mergeSession(policies.session), 'session') : undefined,
      identityPolicies: policies.identity.map((d, i) => load(d, `identity-${i}`)),
      serviceControlPolicies: (policies.scp ?? []).map((level, i) => ({
        orgIdentifier: `scp-${i}`,
        policies: level.map((d, j) => load(d, `scp-${i}-${j}`)),
      })),
      resourceControlPolicies: (policies.rcp ?? []).map((level, i) => ({
        orgIdentifier: `rcp-${i}`,
        policies: level.map((d, j) => load(d, `rcp-${i}-${j}`)),
      })),
      resourcePolicy: policies.resource ? load(policies.resource.doc, 'resource') : undefined,
      permissionBoundaries: policies.boundary?.map((d, i) => load(d, `boundary-${i}`)),
      vpcEndpointPolicies: undefined,
      simulationParameters: {
        simulationMode: 'Strict',
        discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]),
      },
    });
    return RESULT[analysis.result] ?? 'error';
  } catch {
    return 'error';
  }
}

/**
 * The peer takes one session policy; several session policies (inline plus managed ARNs) act as
 * their union, so their statements are merged into one document. Documents of different versions
 * cannot be merged faithfully, so the caller only hands over cases where that does not matter.
 */
function mergeSession(docs: readonly unknown[]): unknown {
  const statements = docs.flatMap((d) => {
    const s = (d as { Statement: unknown }).Statement;
    return Array.isArray(s) ? s : [s];
  });
  return { Version: (docs[0] as { Version?: string }).Version, Statement: statements };
}
