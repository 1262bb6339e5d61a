import { parseArn } from '../../core/arn.js';
import {
  type CompiledPolicy,
  compilePolicy,
  contextKeys,
  type DecisionValue,
  evaluate,
  parsePolicy,
  type PolicyGate,
  type RequestContext,
  type RequestPrincipal,
} from '../../policy/index.js';
import { pageSize } from '../../store/page.js';
import type { OperationContext } from '../operation-context.js';
import type { SimulatedCaller } from '../simulation/caller.js';
import { mergeRequestKeys, resourcePolicyKind } from '../simulation/request-keys.js';
import { decodeMarker, encodeMarker, pageRequest } from './pagination.js';
import {
  checkActions,
  checkResourceHandlingOption,
  checkResources,
  contextEntries,
  ownerAccount,
} from './simulation-request.js';
import type {
  EvaluationResultShape,
  SimulatePolicyResponse,
  SimulationOptions,
} from './simulation-shapes.js';
import { SimulationSources, type SourceDocument } from './simulation-sources.js';

/** What a simulation decides with, once the operation has gathered its policies. */
export interface SimulationInput {
  readonly identity: readonly SourceDocument[];
  /** undefined: no boundary. A boundary whose policy is gone allows nothing (an empty list). */
  readonly boundary: readonly SourceDocument[] | undefined;
  /** Who asks; undefined simulates an unnamed user of the account, with no derived keys. */
  readonly caller: SimulatedCaller | undefined;
  readonly options: SimulationOptions;
}

const ALLOW_ALL = (() => {
  const parsed = parsePolicy(
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
    {
      kind: 'identity',
      id: 'allow-all',
    },
  );
  if (!parsed.ok) throw new Error('unreachable: the allow-all policy is valid');
  return [compilePolicy(parsed.value)];
})();

const MARKER_SCOPE = 'SimulatePolicy';

/**
 * One EvaluationResult per (action, resource), actions in the order given, each action's
 * resources in the order given (ResourceArns defaults to `*`), paged by MaxItems/Marker. Only the
 * page's results are evaluated; every document is checked first, so a bad one fails the call
 * whatever page is asked for.
 */
export function runSimulation(input: SimulationInput, ctx: OperationContext): SimulatePolicyResponse {
  const { options } = input;
  const actions = options.ActionNames;
  const resources = options.ResourceArns && options.ResourceArns.length > 0 ? options.ResourceArns : ['*'];
  checkActions(actions);
  checkResources(resources);
  checkResourceHandlingOption(options.ResourceHandlingOption);
  const owner = ownerAccount(options.ResourceOwner);
  const given = contextEntries(options.ContextEntries);

  const sources = new SimulationSources();
  const identity = sources.compile(input.identity, 'identity', ctx.partition);
  const boundary = input.boundary && sources.compile(input.boundary, 'boundary', ctx.partition);
  const resourcePolicies = new Map<string, CompiledPolicy>();
  if (options.ResourcePolicy !== undefined) {
    const doc = {
      sourceId: 'ResourcePolicy',
      sourceType: 'resource' as const,
      document: options.ResourcePolicy,
    };
    for (const kind of new Set(actions.map(resourcePolicyKind))) {
      resourcePolicies.set(kind, sources.compile([doc], kind, ctx.partition)[0] as CompiledPolicy);
    }
  }

  const principal: RequestPrincipal = input.caller?.principal ?? {
    type: 'user',
    arn: `arn:${ctx.partition}:iam::${ctx.accountId}:user/simulated-user`,
    account: ctx.accountId,
  };
  const keys = contextKeys(Object.fromEntries(mergeRequestKeys(input.caller?.keys ?? [], given)));

  const total = actions.length * resources.length;
  const start = options.Marker === undefined ? 0 : markerIndex(options.Marker);
  const end = Math.min(total, start + pageSize(pageRequest(options)));
  const results: EvaluationResultShape[] = [];
  for (let i = start; i < end; i++) {
    const action = actions[Math.floor(i / resources.length)] as string;
    const resource = resources[i % resources.length] as string;
    const resourceAccount = parseArn(resource)?.account || owner || principal.account || ctx.accountId;
    const context: RequestContext = { action, resource, resourceAccount, principal, keys };
    const resourcePolicy = resourcePolicies.get(resourcePolicyKind(action));
    const decision = evaluate({ context, identity, boundary, resource: resourcePolicy, explain: true });
    const crossAccount = principal.account !== '' && resourceAccount !== principal.account;
    results.push({
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: decision.decision,
      MatchedStatements: sources.describe(decision.matchedStatements),
      MissingContextValues: [...decision.missingContextKeys],
      ...(boundary && {
        PermissionsBoundaryDecisionDetail: {
          AllowedByPermissionsBoundary: alone(boundary, context, ctx) === 'allowed',
        },
      }),
      ...(resourcePolicy &&
        crossAccount && {
          EvalDecisionDetails: {
            'IAM Policy': alone(identity, context, ctx),
            'Resource Policy': evaluate({ context, identity: ALLOW_ALL, resource: resourcePolicy }).decision,
          },
        }),
    });
  }
  return end < total
    ? { EvaluationResults: results, IsTruncated: true, Marker: encodeMarker(MARKER_SCOPE, String(end)) }
    : { EvaluationResults: results, IsTruncated: false };
}

function markerIndex(marker: string): number {
  const text = decodeMarker(MARKER_SCOPE, marker);
  return /^\d+$/.test(text) ? Number(text) : 0;
}

/**
 * What one kind of policy says on its own, as if it were the caller's only identity policies in
 * the caller's own account: the root user's and a service's standing do not carry over.
 */
function alone(gate: PolicyGate, context: RequestContext, ctx: OperationContext): DecisionValue {
  const p = context.principal;
  const member: RequestPrincipal = {
    ...p,
    type: p.type === 'root' || p.type === 'service' ? 'user' : p.type,
    account: p.account || ctx.accountId,
  };
  return evaluate({
    context: { ...context, principal: member, resourceAccount: member.account },
    identity: gate,
  }).decision;
}
