import { ACCOUNT_ID_PATTERN, parseArn } from '../core/arn.js';
import type { PrincipalBlock } from './ast.js';
import type { JsonNode } from './json-reader.js';
import { Msg, type Problems, Rank } from './parse-errors.js';
import { at, child, describeNode, itemPath, stringList } from './parse-node.js';

/**
 * Principal and NotPrincipal: `"*"`, or an object keyed by AWS, Service, Federated or
 * CanonicalUser, each a string or a non-empty list. `{"AWS": "*"}` is the same as `"*"` for the
 * AWS family; a bare account id means that account's root ARN. AWS principals must be whole
 * ARNs: a wildcard inside one is rejected, as AWS documents ("you cannot use a wildcard to match
 * part of a principal name or ARN").
 */

type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
const TYPES: ReadonlySet<string> = new Set<PrincipalType>(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** Who an AWS principal ARN may name: IAM's root, users and roles; STS's sessions. */
const AWS_PRINCIPAL_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  iam: ['root', 'user/', 'role/'],
  sts: ['assumed-role/', 'federated-user/'],
};

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

export function parsePrincipal(
  node: JsonNode,
  negated: boolean,
  path: string,
  problems: Problems,
  partition: string,
): PrincipalBlock | undefined {
  const block = {
    negated,
    wildcard: false,
    aws: [] as string[],
    service: [] as string[],
    federated: [] as string[],
    canonicalUser: [] as string[],
  };
  if (node.kind === 'string') {
    if (node.value === '*') return { ...block, wildcard: true };
    problems.error(
      Rank.principal,
      Msg.invalidPrincipalString(node.value),
      `Principal must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}.`,
      at(node, path),
    );
    return undefined;
  }
  if (node.kind !== 'object') {
    problems.syntax(`Principal must be "*" or an object, not ${describeNode(node)}.`, at(node, path));
    return undefined;
  }
  if (node.members.length === 0) {
    problems.syntax('Principal must name at least one principal.', at(node, path));
    return undefined;
  }
  let ok = true;
  for (const { key, keyPosition, value } of node.members) {
    const typePath = child(path, key);
    if (!TYPES.has(key)) {
      const shown = value.kind === 'string' ? value.value : '';
      problems.error(
        Rank.principal,
        Msg.invalidPrincipal(key, shown),
        `Unknown principal type "${key}"; use AWS, Service, Federated or CanonicalUser.`,
        at(keyPosition, typePath),
      );
      ok = false;
      continue;
    }
    const items = stringList(value, typePath);
    if (!items || items.length === 0) {
      problems.syntax(
        `Principal ${key} must be a string or a non-empty array of strings.`,
        at(value, typePath),
      );
      ok = false;
      continue;
    }
    for (const entry of items) {
      const item = entry.node;
      const v = item.value;
      const fail = (detail: string): void => {
        problems.error(Rank.principal, Msg.invalidPrincipal(key, v), detail, at(item, itemPath(entry)));
        ok = false;
      };
      if (key === 'AWS') {
        if (v === '*') block.wildcard = true;
        else if (ACCOUNT_ID_PATTERN.test(v)) block.aws.push(`arn:${partition}:iam::${v}:root`);
        else if (isAwsPrincipalArn(v)) block.aws.push(v);
        else
          fail(
            `"${v}" is not "*", a 12-digit account id, or the ARN of an account root, user, role or session.`,
          );
      } else if (v === '' || /\s/.test(v)) {
        fail(`${key} principal "${v}" is empty or contains white space.`);
      } else if (key === 'Service') {
        block.service.push(v);
      } else if (key === 'Federated') {
        block.federated.push(v);
      } else {
        block.canonicalUser.push(v);
      }
    }
  }
  return ok ? block : undefined;
}

function isAwsPrincipalArn(v: string): boolean {
  if (hasWildcard(v)) return false;
  const arn = parseArn(v);
  if (arn === undefined) return false;
  if (arn.region !== '' || !ACCOUNT_ID_PATTERN.test(arn.account)) return false;
  const kinds = AWS_PRINCIPAL_RESOURCES[arn.service];
  if (!kinds) return false;
  return kinds.some((k) =>
    k.endsWith('/') ? arn.resource.startsWith(k) && arn.resource.length > k.length : arn.resource === k,
  );
}
