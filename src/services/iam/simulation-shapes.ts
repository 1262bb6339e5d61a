import type { ContextKeyType, DecisionValue } from '../../policy/index.js';
import type { PageInput, PageOutput } from './pagination.js';

/** PolicySourceType: where a matched statement's policy came from. */
export type PolicySourceType =
  | 'user'
  | 'group'
  | 'role'
  | 'aws-managed'
  | 'user-managed'
  | 'resource'
  | 'none';

export interface PositionShape {
  readonly Line: number;
  readonly Column: number;
}

export interface StatementShape {
  readonly SourcePolicyId: string;
  readonly SourcePolicyType: PolicySourceType;
  readonly StartPosition?: PositionShape;
  readonly EndPosition?: PositionShape;
}

export interface EvaluationResultShape {
  readonly EvalActionName: string;
  readonly EvalResourceName: string;
  readonly EvalDecision: DecisionValue;
  readonly MatchedStatements: StatementShape[];
  readonly MissingContextValues: string[];
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary: boolean };
  readonly EvalDecisionDetails?: Record<string, DecisionValue>;
}

export interface ContextEntryShape {
  readonly ContextKeyName?: string;
  readonly ContextKeyValues?: string[];
  readonly ContextKeyType?: ContextKeyType;
}

/** The members SimulateCustomPolicy and SimulatePrincipalPolicy share. */
export type SimulationOptions = {
  readonly PermissionsBoundaryPolicyInputList?: string[];
  readonly ActionNames: string[];
  readonly ResourceArns?: string[];
  readonly ResourcePolicy?: string;
  readonly ResourceOwner?: string;
  readonly CallerArn?: string;
  readonly ContextEntries?: ContextEntryShape[];
  readonly ResourceHandlingOption?: string;
} & PageInput;

export type SimulatePolicyResponse = { readonly EvaluationResults: EvaluationResultShape[] } & PageOutput;
