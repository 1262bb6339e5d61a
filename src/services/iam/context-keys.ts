import { type PolicyKind, policyContextKeys } from '../../policy/index.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { loadPrincipal } from './simulation-principal.js';
import { SimulationSources, type SourceDocument } from './simulation-sources.js';

type ContextKeysOutput = { ContextKeyNames: string[] };

/** The keys of every document, first spelling first, de-duplicated without regard to case. */
function contextKeyNames(
  docs: readonly SourceDocument[],
  ctx: OperationContext,
  kind: PolicyKind = 'identity',
) {
  const sources = new SimulationSources();
  sources.compile(docs, kind, ctx.partition);
  const seen = new Map<string, string>();
  for (const policy of sources.policies()) {
    for (const key of policyContextKeys(policy))
      if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
  }
  return { ContextKeyNames: [...seen.values()] };
}

const inputs = (list: readonly string[] | undefined): SourceDocument[] =>
  (list ?? []).map((document, i) => ({ sourceId: `PolicyInputList.${i + 1}`, sourceType: 'none', document }));

export const getContextKeysForCustomPolicy = iamOperation<{ PolicyInputList: string[] }, ContextKeysOutput>({
  name: 'GetContextKeysForCustomPolicy',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: (input, ctx) => contextKeyNames(inputs(input.PolicyInputList), ctx),
});

/** The principal's identity policies (a user's groups' included) and any PolicyInputList given. */
export const getContextKeysForPrincipalPolicy = iamOperation<
  { PolicySourceArn: string; PolicyInputList?: string[] },
  ContextKeysOutput
>({
  name: 'GetContextKeysForPrincipalPolicy',
  readOnly: true,
  resource: (input) => input.PolicySourceArn,
  handler: async (input, ctx) => {
    const source = await loadPrincipal(ctx, input.PolicySourceArn);
    return contextKeyNames([...source.identity, ...inputs(input.PolicyInputList)], ctx);
  },
});
