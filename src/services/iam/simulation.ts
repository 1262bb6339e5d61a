import { AwsError } from '../../core/aws-error.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { loadPrincipal } from './simulation-principal.js';
import { callerFromArn } from './simulation-request.js';
import { runSimulation } from './simulation-run.js';
import type { SimulatePolicyResponse, SimulationOptions } from './simulation-shapes.js';
import type { SourceDocument } from './simulation-sources.js';

/** `PolicyInputList.1`, `PermissionsBoundaryPolicyInputList.2`: how AWS names given documents. */
const inputs = (list: readonly string[] | undefined, name: string): SourceDocument[] =>
  (list ?? []).map((document, i) => ({ sourceId: `${name}.${i + 1}`, sourceType: 'none', document }));

/** AWS needs someone for a resource policy's Principal element to name. */
const callerRequired = () =>
  new AwsError('InvalidInput', 'CallerArn is required when a ResourcePolicy is included in the simulation.');

export const simulateCustomPolicy = iamOperation<
  { PolicyInputList: string[] } & SimulationOptions,
  SimulatePolicyResponse
>({
  name: 'SimulateCustomPolicy',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: (input, ctx) => {
    if (input.ResourcePolicy !== undefined && input.CallerArn === undefined) throw callerRequired();
    const boundary = input.PermissionsBoundaryPolicyInputList;
    return runSimulation(
      {
        identity: inputs(input.PolicyInputList, 'PolicyInputList'),
        boundary:
          boundary && boundary.length > 0
            ? inputs(boundary, 'PermissionsBoundaryPolicyInputList')
            : undefined,
        caller: input.CallerArn === undefined ? undefined : callerFromArn(input.CallerArn),
        options: input,
      },
      ctx,
    );
  },
});

/**
 * The principal's own policies (for a user, its groups' too) plus PolicyInputList; a given
 * PermissionsBoundaryPolicyInputList replaces the stored boundary. The caller defaults to the
 * principal itself (a role runs as a session of it); a group has no caller of its own.
 */
export const simulatePrincipalPolicy = iamOperation<
  { PolicySourceArn: string; PolicyInputList?: string[] } & SimulationOptions,
  SimulatePolicyResponse
>({
  name: 'SimulatePrincipalPolicy',
  readOnly: true,
  resource: (input) => input.PolicySourceArn,
  handler: async (input, ctx) => {
    const source = await loadPrincipal(ctx, input.PolicySourceArn);
    const caller = input.CallerArn === undefined ? source.caller : callerFromArn(input.CallerArn);
    if (input.ResourcePolicy !== undefined && caller === undefined) throw callerRequired();
    const givenBoundary = input.PermissionsBoundaryPolicyInputList;
    const stored = source.boundary;
    const boundary =
      givenBoundary && givenBoundary.length > 0
        ? inputs(givenBoundary, 'PermissionsBoundaryPolicyInputList')
        : stored === undefined
          ? undefined
          : 'sourceType' in stored
            ? [stored]
            : [];
    return runSimulation(
      {
        identity: [...source.identity, ...inputs(input.PolicyInputList, 'PolicyInputList')],
        boundary,
        caller,
        options: input,
      },
      ctx,
    );
  },
});
