import type { PrincipalBlock } from './ast.js';
import type { RequestPrincipal } from './context.js';

/**
 * How a resource-based statement's Principal matched the caller. AWS treats a grant to an account
 * (its root ARN) as delegation: the account's own identity policies must still allow. A grant to
 * the caller's own ARN or to everyone (`*`) is direct; a grant to the role behind a session is
 * direct for identity policies but still limited by the session's boundary and session policies.
 */
export type PrincipalMatch = 'none' | 'direct' | 'role' | 'account';

export type PrincipalMatcher = (p: RequestPrincipal) => PrincipalMatch;

const rootArnOf = (p: RequestPrincipal): string | undefined => {
  if (!p.account) return undefined;
  const partition = p.arn.startsWith('arn:') ? p.arn.split(':', 2)[1] : 'aws';
  return `arn:${partition}:iam::${p.account}:root`;
};

/** The identities a request carries: its own ARN, the role behind a session, its account root. */
function awsIdentities(p: RequestPrincipal): {
  own: string;
  role: string | undefined;
  root: string | undefined;
} {
  const root = rootArnOf(p);
  return { own: p.arn, role: p.roleArn, root: root === p.arn ? undefined : root };
}

export function compilePrincipal(block: PrincipalBlock): PrincipalMatcher {
  const aws = new Set(block.aws);
  const awsWildcard = block.wildcard || aws.has('*');
  const services = new Set(block.service);
  const federated = new Set(block.federated);

  /** Positive matching: the strongest way any identity of the caller is named. */
  const positive = (p: RequestPrincipal): PrincipalMatch => {
    if (block.wildcard) return 'direct';
    switch (p.type) {
      case 'service':
        return p.service !== undefined && (services.has(p.service) || services.has('*')) ? 'direct' : 'none';
      case 'webIdentity':
      case 'saml':
        return p.federatedProvider !== undefined && (federated.has(p.federatedProvider) || federated.has('*'))
          ? 'direct'
          : 'none';
      case 'anonymous':
        return 'none';
      default: {
        if (awsWildcard) return 'direct';
        const ids = awsIdentities(p);
        if (aws.has(ids.own)) return 'direct';
        if (ids.role !== undefined && aws.has(ids.role)) return 'role';
        if (ids.root !== undefined && aws.has(ids.root)) return 'account';
        return 'none';
      }
    }
  };

  if (!block.negated) return positive;

  /**
   * NotPrincipal: the statement applies unless every identity the request carries is listed
   * (AWS: with Deny, list the account ARN too, or the whole account is denied).
   */
  return (p) => {
    if (block.wildcard) return 'none';
    switch (p.type) {
      case 'service':
        return p.service !== undefined && services.has(p.service) ? 'none' : 'direct';
      case 'webIdentity':
      case 'saml':
        return p.federatedProvider !== undefined && federated.has(p.federatedProvider) ? 'none' : 'direct';
      case 'anonymous':
        return 'direct';
      default: {
        if (awsWildcard) return 'none';
        const ids = awsIdentities(p);
        const all =
          aws.has(ids.own) &&
          (ids.role === undefined || aws.has(ids.role)) &&
          (ids.root === undefined || aws.has(ids.root));
        return all ? 'none' : 'direct';
      }
    }
  };
}
