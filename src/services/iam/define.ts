import { iamArn } from '../../core/arn.js';
import type {
  OperationDefinition,
  OperationInput,
  OperationOutput,
  RequestKeys,
  ResourceScope,
} from '../../protocol/operation-registry.js';
import type { ServiceName } from '../../protocol/model.js';
import type { OperationContext, PortcullisOperation, PrepareContext } from '../operation-context.js';

/** What an IAM operation declares; service and action follow from its name. */
export interface IamOperationSpec<I extends OperationInput, O extends OperationOutput> {
  readonly name: string;
  readonly readOnly: boolean;
  readonly resource: (input: I, scope: ResourceScope) => string;
  readonly requestKeys?: (input: I) => RequestKeys;
  /** See OperationDefinition.prepare: slow work before the transaction; its result is `ctx.prepared`. */
  readonly prepare?: (input: I, ctx: PrepareContext) => Promise<unknown>;
  readonly handler: (input: I, ctx: OperationContext) => Promise<O> | O;
}

/** An IAM operation: `iam:<Name>` is the action AWS authorizes every IAM operation as. */
export function iamOperation<I extends OperationInput, O extends OperationOutput>(
  spec: IamOperationSpec<I, O>,
): OperationDefinition<I, O, OperationContext> {
  return serviceOperation('iam', spec);
}

/** The registry definition of a service's operation: action `<service>:<Name>`. */
export function serviceOperation<I extends OperationInput, O extends OperationOutput>(
  service: ServiceName,
  spec: IamOperationSpec<I, O>,
): OperationDefinition<I, O, OperationContext> {
  const { prepare, ...rest } = spec;
  return {
    service,
    action: `${service}:${spec.name}`,
    ...rest,
    ...(prepare !== undefined && {
      prepare: (input: I, ctx: unknown) => prepare(input, ctx as PrepareContext),
    }),
  };
}

/**
 * Erases an operation's input and output types for the registry list: the protocol layer decodes
 * inputs from the same model the typed inputs follow.
 */
export const erase = <I extends OperationInput, O extends OperationOutput>(
  op: OperationDefinition<I, O, OperationContext>,
): PortcullisOperation => op as unknown as PortcullisOperation;

/** `*`: operations AWS authorizes without a resource type (ListUsers, GetAccountSummary...). */
export const ANY_RESOURCE = (): string => '*';

/**
 * The ARN an operation on a named entity is authorized against. AWS's entity ARNs include the
 * path, but before any store access only the name is known (GetUser, DeleteRole...): these use
 * `user/<name>` and the like, which matches policies written as `user/*`, `user/<name>` or
 * `user/*<name>`-style patterns; a policy that names a path matches on Create* (the path is in
 * the input there) and not on later calls. This is a documented deviation from AWS.
 */
export const entityArn = (
  scope: ResourceScope,
  kind: 'user' | 'group' | 'role' | 'instance-profile',
  name: string,
  path = '/',
): string => iamArn(scope.accountId, `${kind}${path}${name}`, scope.partition);
