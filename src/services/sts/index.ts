/** The STS operations, as registry definitions (AssumeRoleWithWebIdentity/SAML join from federation). */
import { erase } from '../iam/define.js';
import type { PortcullisOperation } from '../operation-context.js';
import { getAccessKeyInfo } from './access-key-info.js';
import { assumeRole } from './assume-role.js';
import { getCallerIdentity } from './caller-identity.js';
import { decodeAuthorizationMessage } from './decode-authorization-message.js';
import { getFederationToken } from './federation-token.js';
import { getSessionToken } from './session-token.js';

export { type StsExtrasDeps, stsAuthorizationExtras } from './authorization-extras.js';
export { type IssuedSession, issueSession, type SessionRequest } from './issue-session.js';
export type { MfaVerifier } from './mfa.js';

export const stsOperations: readonly PortcullisOperation[] = [
  erase(getCallerIdentity),
  erase(assumeRole),
  erase(getSessionToken),
  erase(getFederationToken),
  erase(getAccessKeyInfo),
  erase(decodeAuthorizationMessage),
];
