/**
 * The operation registry: each operation is declared once (service, model name, IAM action,
 * read-only flag, resource ARN derivation, handler). The server looks operations up here; a miss is
 * AWS's `InvalidAction`, never a switch statement.
 */
import { AwsError } from '../core/aws-error.js';
import { loadServiceModel, type Operation, type ServiceModel, type ServiceName } from './model.js';

export type OperationInput = Record<string, unknown>;

/** What deriving a resource ARN may use: it happens before any store access. */
export interface ResourceScope {
  /** The account the call acts in. */
  readonly accountId: string;
  readonly partition: string;
  /**
   * The caller's ARN, when authorizing a signed request: operations that default to the caller
   * (CreateAccessKey without UserName...) are authorized against it, as AWS does.
   */
  readonly callerArn?: string | undefined;
}

/** Condition keys an operation adds to its authorization request (`iam:PolicyARN`, `aws:TagKeys`...). */
export type RequestKeys = Record<string, string | readonly string[]>;
export type OperationOutput = Record<string, unknown> | undefined;

export interface OperationDefinition<
  I extends OperationInput = OperationInput,
  O extends OperationOutput = OperationOutput,
  C = unknown,
> {
  readonly service: ServiceName;
  /** The model's operation name, e.g. `CreateUser` (the Query `Action`). */
  readonly name: string;
  /** The IAM action authorized for the call, e.g. `iam:CreateUser`. */
  readonly action: string;
  /** Read-only operations are recorded with `readOnly: true` in the audit trail. */
  readonly readOnly: boolean;
  /** The resource ARN the call is authorized against (`*` for account-wide operations). */
  readonly resource: (input: I, scope: ResourceScope) => string;
  /** Request-specific condition keys, e.g. `iam:PolicyARN` for AttachUserPolicy. */
  readonly requestKeys?: (input: I) => RequestKeys;
  /**
   * Slow work done after authorization and before the handler's transaction, so that it holds no
   * database lock (hashing a password). Its context is the server's (see the services layer); its
   * result reaches the handler in the handler's context.
   */
  prepare?(input: I, ctx: unknown): Promise<unknown>;
  /**
   * Checks run on the decoded input before the model's validation, for services whose own
   * modeled errors answer what the model's constraints would (CloudTrail's
   * InvalidMaxResultsException for MaxResults out of 1..50).
   */
  readonly precheck?: (input: I) => void;
  readonly handler: (input: I, ctx: C) => Promise<O> | O;
}

export interface RegisteredOperation<
  I extends OperationInput = OperationInput,
  O extends OperationOutput = OperationOutput,
  C = unknown,
> extends OperationDefinition<I, O, C> {
  /** The model's description of the operation (shapes for decoding, validating, encoding). */
  readonly model: Operation;
  readonly serviceModel: ServiceModel;
}

/** Identity function that fixes the generic types of a definition at the declaration site. */
export function defineOperation<I extends OperationInput, O extends OperationOutput, C = unknown>(
  def: OperationDefinition<I, O, C>,
): OperationDefinition<I, O, C> {
  return def;
}

const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

export class OperationRegistry<C = unknown> {
  private readonly byService = new Map<
    ServiceName,
    Map<string, RegisteredOperation<OperationInput, OperationOutput, C>>
  >();
  private readonly models: (service: ServiceName) => ServiceModel;

  constructor(models: (service: ServiceName) => ServiceModel = loadServiceModel) {
    this.models = models;
  }

  /** Adds an operation; a name the model does not know or a duplicate is a programming error. */
  register<I extends OperationInput, O extends OperationOutput>(def: OperationDefinition<I, O, C>): this {
    const serviceModel = this.models(def.service);
    const model = serviceModel.operations.get(def.name);
    if (!model) throw new Error(`${def.service} model has no operation ${def.name}`);
    if (!ACTION_PATTERN.test(def.action)) throw new Error(`${def.name}: bad IAM action ${def.action}`);
    let ops = this.byService.get(def.service);
    if (!ops) {
      ops = new Map();
      this.byService.set(def.service, ops);
    }
    if (ops.has(def.name)) throw new Error(`${def.service}:${def.name} registered twice`);
    // Handlers are stored type-erased: the codec produces inputs from the same model the types follow.
    ops.set(def.name, { ...def, model, serviceModel } as unknown as RegisteredOperation<
      OperationInput,
      OperationOutput,
      C
    >);
    return this;
  }

  /**
   * The operation for a request. `version` is the request's `Version` (Query) if it sent one; a
   * version other than the model's is a miss too, as it is on AWS.
   */
  lookup(
    service: ServiceName,
    name: string,
    version?: string,
  ): RegisteredOperation<OperationInput, OperationOutput, C> {
    const op = this.find(service, name);
    const apiVersion = this.models(service).metadata.apiVersion;
    if (!op || (version !== undefined && version !== apiVersion)) {
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${name} for version ${version ?? apiVersion}`,
      );
    }
    return op;
  }

  find(
    service: ServiceName,
    name: string,
  ): RegisteredOperation<OperationInput, OperationOutput, C> | undefined {
    return this.byService.get(service)?.get(name);
  }

  list(service?: ServiceName): RegisteredOperation<OperationInput, OperationOutput, C>[] {
    const services = service ? [service] : [...this.byService.keys()];
    return services.flatMap((s) => [...(this.byService.get(s)?.values() ?? [])]);
  }
}
