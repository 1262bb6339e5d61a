import { type JsonNode, readJson } from './json-reader.js';

/** A place in a document's text: 1-based line and 1-based column (UTF-16 code units). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Where one statement sits in the text: its opening `{` and its closing `}`. */
export interface StatementSpan {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/**
 * The text span of each statement, by the statement's index (`Statement.index`: its place in the
 * Statement array, 0 when Statement is a single object), for explanations that point into the
 * document (SimulatePolicy's MatchedStatements). Kept apart from the AST so that a policy parsed
 * from text and one parsed from a value stay equal. Undefined when the text is not a readable
 * document; an entry is undefined when that statement is not an object.
 */
export function statementSpans(text: string): readonly (StatementSpan | undefined)[] | undefined {
  const { value } = readJson(text);
  if (value?.kind !== 'object') return undefined;
  const member = value.members.find((m) => m.key === 'Statement');
  if (!member) return [];
  const items: readonly JsonNode[] = member.value.kind === 'array' ? member.value.items : [member.value];
  return items.map((node) =>
    node.kind === 'object' && node.end !== undefined
      ? {
          start: { line: node.line, column: node.column },
          end: { line: node.end.line, column: node.end.column },
        }
      : undefined,
  );
}
