import type {
  ActionBlock,
  Effect,
  PolicyKind,
  PolicyVersion,
  PrincipalBlock,
  ResourceBlock,
  Statement,
} from './ast.js';
import type { JsonMember, JsonNode, JsonObject } from './json-reader.js';
import { checkAction, isTrustAction, normalizeAction } from './parse-action.js';
import { parseConditions } from './parse-conditions.js';
import { Msg, type Problems, Rank } from './parse-errors.js';
import { KIND_RULES, type KindRules } from './parse-kind-rules.js';
import { at, child, describeNode, itemPath, memberMap, stringList } from './parse-node.js';
import { parsePrincipal } from './parse-principal.js';
import { checkResource } from './parse-resource.js';

/** One statement: every element checked, every problem reported, the AST built if none. */

export interface StatementContext {
  readonly kind: PolicyKind;
  readonly rules: KindRules;
  readonly version: PolicyVersion;
  readonly partition: string;
  readonly problems: Problems;
}

export const contextFor = (
  kind: PolicyKind,
  version: PolicyVersion,
  partition: string,
  problems: Problems,
): StatementContext => ({ kind, rules: KIND_RULES[kind], version, partition, problems });

const ELEMENTS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

const SID = /^[0-9A-Za-z]*$/;

export function parseStatement(
  obj: JsonObject,
  index: number,
  path: string,
  ctx: StatementContext,
): { statement: Statement | undefined; sid: { value: string; member: JsonMember } | undefined } {
  const { problems } = ctx;
  const before = problems.errorCount;
  const m = memberMap(obj);
  for (const { key, keyPosition } of obj.members) {
    if (!ELEMENTS.has(key)) {
      problems.syntax(
        `Statement has unknown element "${key}" (element names are case-sensitive).`,
        at(keyPosition, child(path, key)),
      );
    }
  }
  const sid = parseSid(m.get('Sid'), path, ctx);
  const effect = parseEffect(obj, m.get('Effect'), path, problems);
  const principal = parsePrincipals(obj, m, path, ctx, effect);
  const action = parseActions(obj, m, path, ctx);
  const resource = parseResources(obj, m, path, ctx);
  const conditionMember = m.get('Condition');
  const conditions = conditionMember
    ? parseConditions(conditionMember.value, child(path, 'Condition'), problems)
    : [];
  for (const c of conditions) {
    for (const v of c.values) noteVariables(v, child(path, 'Condition'), conditionMember?.value, ctx);
  }
  const complete = resource !== undefined || ctx.rules.resource === 'forbidden';
  if (problems.errorCount !== before || !effect || !action || !complete) {
    return { statement: undefined, sid };
  }
  return { statement: { index, sid: sid?.value, effect, action, resource, principal, conditions }, sid };
}

function parseSid(member: JsonMember | undefined, path: string, ctx: StatementContext) {
  if (!member) return undefined;
  const where = at(member.value, child(path, 'Sid'));
  if (member.value.kind !== 'string') {
    ctx.problems.syntax(`Sid must be a string, not ${describeNode(member.value)}.`, where);
    return undefined;
  }
  const value = member.value.value;
  if (ctx.rules.sidAlphanumeric && !SID.test(value)) {
    ctx.problems.error(
      Rank.sid,
      Msg.sidAlphanumeric,
      `Sid "${value}" may hold only letters and digits.`,
      where,
    );
  }
  return { value, member };
}

function parseEffect(
  obj: JsonObject,
  member: JsonMember | undefined,
  path: string,
  problems: Problems,
): Effect | undefined {
  if (!member) {
    problems.syntax('Statement has no Effect.', at(obj, path));
    return undefined;
  }
  const node = member.value;
  const where = at(node, child(path, 'Effect'));
  if (node.kind !== 'string') {
    problems.syntax(`Effect must be "Allow" or "Deny", not ${describeNode(node)}.`, where);
    return undefined;
  }
  if (node.value === 'Allow' || node.value === 'Deny') return node.value;
  // AWS's first pass matches Effect ignoring case, its legacy pass does not (observed).
  const lower = node.value.toLowerCase();
  if (lower === 'allow' || lower === 'deny') {
    problems.error(
      Rank.legacy,
      Msg.legacy,
      `Effect "${node.value}" must be written "Allow" or "Deny" (case-sensitive).`,
      where,
    );
  } else {
    problems.syntax(`Effect must be "Allow" or "Deny", not "${node.value}".`, where);
  }
  return undefined;
}

function parsePrincipals(
  obj: JsonObject,
  m: Map<string, JsonMember>,
  path: string,
  ctx: StatementContext,
  effect: Effect | undefined,
): PrincipalBlock | undefined {
  const { problems, rules } = ctx;
  const principal = m.get('Principal');
  const notPrincipal = m.get('NotPrincipal');
  if (principal && notPrincipal) {
    problems.syntax(
      'A statement may have Principal or NotPrincipal, not both.',
      at(notPrincipal.keyPosition, child(path, 'NotPrincipal')),
    );
    return undefined;
  }
  const given = principal ?? notPrincipal;
  const name = principal ? 'Principal' : 'NotPrincipal';
  if (!given) {
    if (rules.principal === 'required') {
      problems.error(
        Rank.principal,
        Msg.missingPrincipal,
        'This kind of policy must say whom it applies to with Principal.',
        at(obj, path),
      );
    }
    return undefined;
  }
  const where = at(given.keyPosition, child(path, name));
  if (rules.principal === 'forbidden') {
    problems.error(
      Rank.principal,
      Msg.noPrincipal,
      `${name} belongs in resource-based policies; an identity's own policies apply to that identity.`,
      where,
    );
    return undefined;
  }
  if (notPrincipal && !rules.notPrincipal) {
    problems.error(
      Rank.principal,
      Msg.trustNotPrincipal,
      `NotPrincipal cannot be used in a ${ctx.kind} policy.`,
      where,
    );
    return undefined;
  }
  if (notPrincipal && effect === 'Allow') {
    problems.syntax('NotPrincipal may only be used with "Effect": "Deny".', where);
    return undefined;
  }
  return parsePrincipal(given.value, !!notPrincipal, child(path, name), problems, ctx.partition);
}

function parseActions(
  obj: JsonObject,
  m: Map<string, JsonMember>,
  path: string,
  ctx: StatementContext,
): ActionBlock | undefined {
  const { problems } = ctx;
  const action = m.get('Action');
  const notAction = m.get('NotAction');
  if (action && notAction) {
    problems.syntax(
      'A statement may have Action or NotAction, not both.',
      at(notAction.keyPosition, child(path, 'NotAction')),
    );
    return undefined;
  }
  const given = action ?? notAction;
  const name = action ? 'Action' : 'NotAction';
  if (!given) {
    problems.error(
      Rank.actionsExist,
      Msg.actions,
      'Statement has neither Action nor NotAction.',
      at(obj, path),
    );
    return undefined;
  }
  const blockPath = child(path, name);
  const items = stringList(given.value, blockPath);
  if (!items) {
    problems.syntax(
      `${name} must be a string or an array of strings, not ${describeNode(given.value)}.`,
      at(given.value, blockPath),
    );
    return undefined;
  }
  if (items.length === 0) {
    problems.error(Rank.actionsExist, Msg.actions, `${name} is an empty array.`, at(given.value, blockPath));
    return undefined;
  }
  const patterns: string[] = [];
  for (const item of items) {
    const { node } = item;
    const finding = checkAction(node.value);
    if (finding) {
      problems.error(finding.rank, finding.message, finding.detail, at(node, itemPath(item)));
      continue;
    }
    const lowered = normalizeAction(node.value);
    if (ctx.rules.trustActionsOnly && !isTrustAction(lowered)) {
      problems.error(
        Rank.trustAction,
        Msg.trustActions,
        `"${node.value}" is not an action that assumes a role (sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity, sts:SetContext).`,
        at(node, itemPath(item)),
      );
      continue;
    }
    patterns.push(lowered);
  }
  return { negated: !action, patterns };
}

function parseResources(
  obj: JsonObject,
  m: Map<string, JsonMember>,
  path: string,
  ctx: StatementContext,
): ResourceBlock | undefined {
  const { problems, rules } = ctx;
  const resource = m.get('Resource');
  const notResource = m.get('NotResource');
  if (resource && notResource) {
    problems.syntax(
      'A statement may have Resource or NotResource, not both.',
      at(notResource.keyPosition, child(path, 'NotResource')),
    );
    return undefined;
  }
  const given = resource ?? notResource;
  const name = resource ? 'Resource' : 'NotResource';
  if (!given) {
    if (rules.resource === 'required') {
      problems.error(
        Rank.resourcesExist,
        Msg.resources,
        'Statement has neither Resource nor NotResource.',
        at(obj, path),
      );
    }
    return undefined;
  }
  const blockPath = child(path, name);
  const items = stringList(given.value, blockPath);
  if (!items) {
    problems.syntax(
      `${name} must be a string or an array of strings, not ${describeNode(given.value)}.`,
      at(given.value, blockPath),
    );
    return undefined;
  }
  if (rules.resource === 'forbidden') {
    const message = resource ? Msg.trustResource : Msg.trustNotResource;
    problems.error(
      Rank.resourcesExist,
      message,
      `A role's trust policy applies to the role itself and takes no ${name}.`,
      at(given.keyPosition, blockPath),
    );
    return undefined;
  }
  if (items.length === 0) {
    problems.error(
      Rank.resourcesExist,
      Msg.resources,
      `${name} is an empty array.`,
      at(given.value, blockPath),
    );
    return undefined;
  }
  const patterns: string[] = [];
  for (const item of items) {
    const { node } = item;
    const finding = checkResource(node.value);
    if (finding) {
      problems.error(finding.rank, finding.message, finding.detail, at(node, itemPath(item)));
      continue;
    }
    if (node.value.includes('${')) noteVariables(node.value, itemPath(item), node, ctx);
    patterns.push(node.value);
  }
  return { negated: !resource, patterns };
}

/**
 * Policy variables are substituted at evaluation time (variables.ts); here we only warn about
 * the two ways they silently do nothing: an unclosed `${`, which AWS keeps as literal text, and
 * any `${...}` in a 2008-10-17 document, where AWS does not substitute variables at all.
 */
function noteVariables(value: string, path: string, node: JsonNode | undefined, ctx: StatementContext): void {
  const open = value.indexOf('${');
  if (open < 0) return;
  const where = node ? at(node, path) : { path, line: 0, column: 0 };
  if (value.indexOf('}', open) < 0) {
    ctx.problems.warn(`"${value}" has "\${" without a closing "}"; it is matched as literal text.`, where);
  } else if (ctx.version === '2008-10-17') {
    ctx.problems.warn(
      `"${value}" holds a policy variable, but variables are only substituted in Version 2012-10-17 documents.`,
      where,
    );
  }
}
