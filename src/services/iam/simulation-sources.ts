import { AwsError } from '../../core/aws-error.js';
import {
  type CompiledPolicy,
  compilePolicy,
  type MatchedStatement,
  type Policy,
  type PolicyKind,
  parsePolicy,
  type StatementSpan,
  statementSpans,
} from '../../policy/index.js';
import type { PolicySourceType, PositionShape, StatementShape } from './simulation-shapes.js';

/** A policy document taking part in a simulation, and how the answer names it. */
export interface SourceDocument {
  /** SourcePolicyId: `PolicyInputList.1`, an inline policy's name, a managed policy's name... */
  readonly sourceId: string;
  readonly sourceType: PolicySourceType;
  readonly document: string;
}

interface Source {
  readonly sourceId: string;
  readonly sourceType: PolicySourceType;
  readonly policy: Policy;
  readonly spans: readonly (StatementSpan | undefined)[];
}

/**
 * The documents of one simulation, parsed and compiled once. Each gets an internal id unique
 * across gates (two inputs may share a SourcePolicyId, e.g. an inline policy and a managed one of
 * the same name), which the engine's matched statements carry back.
 */
export class SimulationSources {
  readonly #sources = new Map<string, Source>();

  /** Parses and compiles `docs` as `kind`; an invalid document is AWS's MalformedPolicyDocument. */
  compile(docs: readonly SourceDocument[], kind: PolicyKind, partition: string): CompiledPolicy[] {
    return docs.map((doc) => {
      const id = `#${this.#sources.size}`;
      const result = parsePolicy(doc.document, { kind, id, partition });
      if (!result.ok) {
        const first = result.errors[0]?.message ?? 'Syntax errors in policy.';
        throw new AwsError('MalformedPolicyDocument', `${first} (${doc.sourceId})`);
      }
      this.#sources.set(id, {
        sourceId: doc.sourceId,
        sourceType: doc.sourceType,
        policy: result.value,
        spans: statementSpans(doc.document) ?? [],
      });
      return compilePolicy(result.value);
    });
  }

  /** Every parsed policy, in the order compiled. */
  policies(): Policy[] {
    return [...this.#sources.values()].map((s) => s.policy);
  }

  /** MatchedStatements entries for the engine's matched statements, in the engine's order. */
  describe(matched: readonly MatchedStatement[]): StatementShape[] {
    return matched.map((m) => {
      const source = this.#sources.get(m.policyId);
      const span = source?.spans[m.statementIndex];
      return {
        SourcePolicyId: source?.sourceId ?? m.policyId,
        SourcePolicyType: source?.sourceType ?? 'none',
        ...(span && { StartPosition: awsPosition(span.start), EndPosition: awsPosition(span.end) }),
      };
    });
  }
}

/**
 * AWS's Position for a brace: the line, and the column just after the brace counted from 1. The
 * AWS CLI's own simulate-custom-policy example fixes this: its one-line policy has the statement's
 * `{` in column 37 and its `}` in column 166, and AWS answers StartPosition 1:38, EndPosition 1:167.
 */
const awsPosition = (p: { line: number; column: number }): PositionShape => ({
  Line: p.line,
  Column: p.column + 1,
});
