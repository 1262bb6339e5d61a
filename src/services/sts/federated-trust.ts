/**
 * The trust decision for AssumeRoleWithWebIdentity and AssumeRoleWithSAML. These calls are
 * unsigned: the pipeline authorizes nothing, and the verified token is the caller. The role's
 * trust policy alone decides (a principal outside any account, rule 3 of the engine), with the
 * principal `{"Federated": <provider ARN>}` and the provider's condition keys; session tags and a
 * source identity also need sts:TagSession / sts:SetSourceIdentity in the same policy, as in AWS.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Role } from '../../domain/role.js';
import {
  type ContextValue,
  compilePolicy,
  compilePolicySet,
  contextKeys,
  evaluate,
  type PrincipalType,
  parsePolicy,
} from '../../policy/index.js';

export interface FederatedTrustRequest {
  readonly role: Role;
  readonly action: 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';
  readonly principalType: Extract<PrincipalType, 'webIdentity' | 'saml'>;
  readonly providerArn: string;
  /** Condition keys (names as AWS spells them; lower-cased here). */
  readonly keys: Record<string, string | readonly string[] | ContextValue>;
  readonly now: Date;
  /** Session tags asked for (sts:TagSession must be allowed too). */
  readonly tagged: boolean;
  /** A source identity asked for (sts:SetSourceIdentity must be allowed too). */
  readonly setsSourceIdentity: boolean;
}

const EMPTY = compilePolicySet([]);
const dateValue = (value: string): ContextValue => ({ type: 'date', multi: false, values: [value] });

export const notAuthorized = (action: string): AwsError =>
  new AwsError('AccessDenied', `Not authorized to perform ${action}`);

/** Throws AccessDenied unless the role's trust policy allows every action the request needs. */
export function checkFederatedTrust(req: FederatedTrustRequest): void {
  const parsed = parsePolicy(req.role.assumeRolePolicyDocument, { kind: 'trust', id: req.role.id });
  if (!parsed.ok) throw notAuthorized(req.action);
  const trust = compilePolicy(parsed.value);
  const seconds = Math.floor(req.now.getTime() / 1000);
  const keys = contextKeys({
    'aws:CurrentTime': dateValue(new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')),
    'aws:EpochTime': dateValue(String(seconds)),
    'aws:FederatedProvider': req.providerArn,
    'aws:PrincipalType': req.principalType === 'saml' ? 'SAML' : 'WebIdentityUser',
    ...req.keys,
  });
  const actions: string[] = [req.action];
  if (req.tagged) actions.push('sts:TagSession');
  if (req.setsSourceIdentity) actions.push('sts:SetSourceIdentity');
  for (const action of actions) {
    const decision = evaluate({
      context: {
        action,
        resource: req.role.arn,
        resourceAccount: req.role.accountId,
        principal: {
          type: req.principalType,
          arn: req.providerArn,
          account: '',
          federatedProvider: req.providerArn,
        },
        keys,
      },
      identity: EMPTY,
      resource: trust,
    });
    if (decision.decision !== 'allowed') throw notAuthorized(req.action);
  }
}
