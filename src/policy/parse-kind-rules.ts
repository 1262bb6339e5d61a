import type { PolicyKind } from './ast.js';
import { Msg } from './parse-errors.js';

/**
 * What each kind of document allows, as a table rather than branches in the parser.
 * - Principal: required in resource-based documents (resource, trust, RCP), forbidden in the
 *   rest ("You cannot use the Principal element in an identity-based policy").
 * - NotPrincipal: only in resource policies; never in identity policies, role trust policies,
 *   SCPs or RCPs (NotPrincipal reference, "Key points").
 * - Resource: a trust policy must not have one ("Has prohibited field Resource", observed);
 *   everything else must.
 * - Sid: IAM's own policies (managed, inline, boundaries) want alphanumerics only (observed
 *   CreatePolicy message); resource policies of other services allow more.
 * - Invalid JSON: CreateRole answers "This policy contains invalid Json", the policy APIs
 *   "Syntax errors in policy." (both observed).
 */
export interface KindRules {
  readonly principal: 'required' | 'forbidden';
  readonly notPrincipal: boolean;
  readonly resource: 'required' | 'forbidden';
  readonly trustActionsOnly: boolean;
  readonly sidAlphanumeric: boolean;
  readonly invalidJsonMessage: string;
}

const identityLike: KindRules = {
  principal: 'forbidden',
  notPrincipal: false,
  resource: 'required',
  trustActionsOnly: false,
  sidAlphanumeric: true,
  invalidJsonMessage: Msg.syntax,
};

export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = {
  identity: identityLike,
  boundary: identityLike,
  session: { ...identityLike, sidAlphanumeric: false },
  scp: { ...identityLike, sidAlphanumeric: false },
  rcp: { ...identityLike, principal: 'required', sidAlphanumeric: false },
  resource: { ...identityLike, principal: 'required', notPrincipal: true, sidAlphanumeric: false },
  trust: {
    principal: 'required',
    notPrincipal: false,
    resource: 'forbidden',
    trustActionsOnly: true,
    sidAlphanumeric: false,
    invalidJsonMessage: Msg.invalidJson,
  },
};
