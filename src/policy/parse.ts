import type { Policy, PolicyKind, PolicyVersion, Statement } from './ast.js';
import {
  type JsonLimits,
  type JsonNode,
  type JsonObject,
  type JsonPosition,
  readJson,
} from './json-reader.js';
import { Msg, Problems, Rank } from './parse-errors.js';
import { fromValue } from './parse-from-value.js';
import { at, child, describeNode, memberMap } from './parse-node.js';
import { contextFor, parseStatement } from './parse-statement.js';
import type { ParseResult } from './policy-error.js';

/**
 * Policy text -> validated, normalized AST (ast.ts). Every problem is collected, each with a
 * JSON pointer, line and column, AWS's message (`message`) and our precise one (`detail`, see
 * DetailedPolicyError). Errors come ordered so that the first is the one AWS would report.
 * Pure: no I/O, no clock, never throws on input.
 */

export interface ParsePolicyOptions {
  readonly kind: PolicyKind;
  /** Caller-chosen identity carried into the AST (a policy ARN, a file name...). */
  readonly id: string;
  /** Upper bound on the text, a guard against abuse; IAM's own quotas belong to the service layer. */
  readonly maxLength?: number;
  /**
   * Managed policies (CreatePolicy, CreatePolicyVersion) must say 2012-10-17: AWS answers
   * "Policy document must be version 2012-10-17 or greater." to a missing or 2008 Version.
   * Inline and trust policies accept both (the default).
   */
  readonly minimumVersion?: PolicyVersion;
  /** Partition used to expand a bare account id principal to its root ARN. */
  readonly partition?: string;
  /** Overrides for the reader's depth, array and node limits. */
  readonly limits?: Partial<Omit<JsonLimits, 'maxLength'>>;
}

export const DEFAULT_MAX_POLICY_LENGTH = 1_048_576;

/** Characters AWS allows in a policy document (API model pattern for PolicyDocument). */
const ALLOWED = /^[\u0009\u000A\u000D\u0020-\u00FF]*$/;
const FIRST_DISALLOWED = /[^\u0009\u000A\u000D\u0020-\u00FF]/;

const VERSIONS: ReadonlySet<string> = new Set<PolicyVersion>(['2012-10-17', '2008-10-17']);
const TOP_LEVEL: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);

export function parsePolicy(text: string, options: ParsePolicyOptions): ParseResult<Policy> {
  const problems = new Problems();
  const read = readJson(text, {
    ...options.limits,
    maxLength: options.maxLength ?? DEFAULT_MAX_POLICY_LENGTH,
  });
  const message = KIND_INVALID_JSON(options.kind);
  for (const e of read.errors) {
    const where = { path: e.path, line: e.line, column: e.column };
    problems.error(Rank.syntax, e.kind === 'syntax' ? message : Msg.syntax, e.message, where);
  }
  if (!read.value) return { ok: false, errors: problems.errors() };
  return validate(read.value, options, problems);
}

/** The same validation for a document that is already decoded (positions are then unknown). */
export function parsePolicyValue(value: unknown, options: ParsePolicyOptions): ParseResult<Policy> {
  const problems = new Problems();
  const converted = fromValue(value, options.limits?.maxDepth);
  if ('error' in converted) {
    problems.syntax(converted.error, { path: '', line: 0, column: 0 });
    return { ok: false, errors: problems.errors() };
  }
  return validate(converted.node, options, problems);
}

const KIND_INVALID_JSON = (kind: PolicyKind): string => (kind === 'trust' ? Msg.invalidJson : Msg.syntax);

function validate(root: JsonNode, options: ParsePolicyOptions, problems: Problems): ParseResult<Policy> {
  checkCharacters(root, [], problems);
  if (root.kind !== 'object') {
    problems.syntax(`A policy document must be a JSON object, not ${describeNode(root)}.`, at(root, ''));
    return { ok: false, errors: problems.errors() };
  }
  const m = memberMap(root);
  for (const { key, keyPosition } of root.members) {
    if (!TOP_LEVEL.has(key)) {
      problems.syntax(
        `Unknown top-level element "${key}" (element names are case-sensitive).`,
        at(keyPosition, child('', key)),
      );
    }
  }
  const version = parseVersion(root, options, problems);
  const documentId = parseId(root, problems);
  const ctx = contextFor(options.kind, version, options.partition ?? 'aws', problems);
  const statements: Statement[] = [];
  const seenSids = new Set<string>();
  const statementNodes = statementList(root, m.get('Statement')?.value, problems);
  for (const { node, index, path } of statementNodes) {
    const { statement, sid } = parseStatement(node, index, path, ctx);
    if (statement) statements.push(statement);
    if (sid && sid.value !== '') {
      if (seenSids.has(sid.value)) {
        problems.error(
          Rank.sid,
          Msg.sidUnique,
          `Sid "${sid.value}" is used by an earlier statement.`,
          at(sid.member.value, child(path, 'Sid')),
        );
      }
      seenSids.add(sid.value);
    }
  }
  if (problems.errorCount > 0) return { ok: false, errors: problems.errors() };
  return {
    ok: true,
    value: { id: options.id, kind: options.kind, version, documentId, statements },
    warnings: problems.warnings(),
  };
}

/** Absent Version means 2008-10-17, as AWS documents ("defaults to 2008-10-17"). */
function parseVersion(root: JsonObject, options: ParsePolicyOptions, problems: Problems): PolicyVersion {
  const member = memberMap(root).get('Version');
  let version: PolicyVersion = '2008-10-17';
  if (member) {
    const node = member.value;
    if (node.kind === 'string' && VERSIONS.has(node.value)) {
      version = node.value as PolicyVersion;
    } else {
      const shown = node.kind === 'string' ? `"${node.value}"` : describeNode(node);
      problems.syntax(`Version must be "2012-10-17" or "2008-10-17", not ${shown}.`, at(node, '/Version'));
      return version;
    }
  }
  if (options.minimumVersion === '2012-10-17' && version !== '2012-10-17') {
    const where = member ? at(member.value, '/Version') : at(root, '');
    problems.error(
      Rank.version,
      Msg.version,
      member
        ? 'This policy must use Version "2012-10-17".'
        : 'This policy must state "Version": "2012-10-17".',
      where,
    );
  }
  return version;
}

function parseId(root: JsonObject, problems: Problems): string | undefined {
  const member = memberMap(root).get('Id');
  if (!member) return undefined;
  if (member.value.kind !== 'string') {
    problems.syntax(`Id must be a string, not ${describeNode(member.value)}.`, at(member.value, '/Id'));
    return undefined;
  }
  return member.value.value;
}

interface StatementNode {
  readonly node: JsonObject;
  readonly index: number;
  readonly path: string;
}

/** Statement is one object or a non-empty array of objects. */
function statementList(root: JsonObject, node: JsonNode | undefined, problems: Problems): StatementNode[] {
  if (!node) {
    problems.syntax('Policy document has no Statement.', at(root, ''));
    return [];
  }
  if (node.kind === 'object') return [{ node, index: 0, path: '/Statement' }];
  if (node.kind !== 'array') {
    problems.syntax(
      `Statement must be an object or an array of objects, not ${describeNode(node)}.`,
      at(node, '/Statement'),
    );
    return [];
  }
  if (node.items.length === 0) {
    problems.syntax('Statement is an empty array.', at(node, '/Statement'));
    return [];
  }
  const out: StatementNode[] = [];
  node.items.forEach((item, index) => {
    const path = `/Statement/${index}`;
    if (item.kind === 'object') out.push({ node: item, index, path });
    else problems.syntax(`Each statement must be an object, not ${describeNode(item)}.`, at(item, path));
  });
  return out;
}

/**
 * AWS accepts only tab, CR, LF and U+0020..U+00FF in a policy, also when written as \u escapes.
 * `segments` is the pointer to `node`, kept as a stack and joined only for a string that fails.
 */
function checkCharacters(node: JsonNode, segments: (string | number)[], problems: Problems): void {
  if (node.kind === 'string') {
    if (!ALLOWED.test(node.value)) reportCharacter(node.value, node, segments, problems);
  } else if (node.kind === 'array') {
    for (let i = 0; i < node.items.length; i++) {
      segments.push(i);
      checkCharacters(node.items[i] as JsonNode, segments, problems);
      segments.pop();
    }
  } else if (node.kind === 'object') {
    for (const { key, keyPosition, value } of node.members) {
      segments.push(key);
      if (!ALLOWED.test(key)) reportCharacter(key, keyPosition, segments, problems);
      checkCharacters(value, segments, problems);
      segments.pop();
    }
  }
}

function reportCharacter(
  s: string,
  pos: JsonPosition,
  segments: readonly (string | number)[],
  problems: Problems,
): void {
  const bad = FIRST_DISALLOWED.exec(s)?.[0] ?? '';
  const code = (bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const path = segments.reduce<string>((p, seg) => child(p, seg), '');
  problems.syntax(
    `Character U+${code} is outside the characters a policy may hold (tab, CR, LF, U+0020 to U+00FF).`,
    at(pos, path),
  );
}
