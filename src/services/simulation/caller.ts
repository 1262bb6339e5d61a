import { isAccountId, parseArn } from '../../core/arn.js';
import type { ContextValue, RequestPrincipal } from '../../policy/index.js';

/** The session name used when the caller is given as a role ARN. */
export const SIMULATED_SESSION = 'simulated-session';

const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** The principal a simulation runs as, and the request context keys AWS derives from it. */
export interface SimulatedCaller {
  readonly principal: RequestPrincipal;
  /** Keys by their documented names (aws:PrincipalArn...), before any given context overrides them. */
  readonly keys: ReadonlyMap<string, ContextValue>;
}

export type CallerResult =
  | { readonly ok: true; readonly caller: SimulatedCaller }
  | { readonly ok: false; readonly why: string };

const str = (value: string): ContextValue => ({ type: 'string', multi: false, values: [value] });
const bool = (value: boolean): ContextValue => ({ type: 'boolean', multi: false, values: [String(value)] });

/**
 * Reads a caller ARN (or an account id, or a service principal). Like SimulatePrincipalPolicy, the
 * request context gets what AWS itself would put there for that principal: aws:PrincipalArn (for
 * a role session, the role's ARN, as AWS documents), aws:PrincipalAccount, aws:PrincipalType,
 * aws:PrincipalIsAWSService, aws:username (IAM users), aws:userid where it follows from the ARN
 * (root: the account id; federated user: ACCOUNT:NAME; a user's or role's unique id, AIDA.../
 * AROA..., does not), aws:PrincipalServiceName (services).
 */
export function parseSimulatedCaller(text: string): CallerResult {
  if (isAccountId(text)) return parseSimulatedCaller(`arn:aws:iam::${text}:root`);
  if (SERVICE_PRINCIPAL.test(text)) {
    return {
      ok: true,
      caller: {
        principal: { type: 'service', arn: text, account: '', service: text },
        keys: new Map([
          ['aws:PrincipalServiceName', str(text)],
          ['aws:PrincipalIsAWSService', bool(true)],
        ]),
      },
    };
  }
  const arn = parseArn(text);
  if (!arn) return { ok: false, why: 'not an ARN or a service principal' };
  if (!isAccountId(arn.account)) return { ok: false, why: 'the account field must be 12 digits' };
  if (arn.region !== '') return { ok: false, why: 'IAM and STS principal ARNs carry no region' };
  const { partition, account, resource } = arn;
  const iam = (r: string) => `arn:${partition}:iam::${account}:${r}`;
  const sts = (r: string) => `arn:${partition}:sts::${account}:${r}`;
  const [kind, ...rest] = resource.split('/');
  const last = rest.at(-1) ?? '';

  const make = (
    principal: RequestPrincipal,
    principalArn: string,
    type: string,
    extra: [string, string][],
  ): CallerResult => ({
    ok: true,
    caller: {
      principal,
      keys: new Map<string, ContextValue>([
        ['aws:PrincipalArn', str(principalArn)],
        ['aws:PrincipalAccount', str(account)],
        ['aws:PrincipalType', str(type)],
        ['aws:PrincipalIsAWSService', bool(false)],
        ...extra.map(([k, v]): [string, ContextValue] => [k, str(v)]),
      ]),
    },
  });

  if (arn.service === 'iam' && resource === 'root') {
    return make({ type: 'root', arn: text, account }, text, 'Account', [['aws:userid', account]]);
  }
  if (arn.service === 'iam' && kind === 'user' && last !== '') {
    return make({ type: 'user', arn: text, account }, text, 'User', [['aws:username', last]]);
  }
  if (arn.service === 'iam' && kind === 'role' && last !== '') {
    const session = sts(`assumed-role/${last}/${SIMULATED_SESSION}`);
    return make({ type: 'assumedRole', arn: session, account, roleArn: text }, text, 'AssumedRole', []);
  }
  if (arn.service === 'sts' && kind === 'assumed-role' && rest.length === 2 && rest.every((p) => p !== '')) {
    const roleArn = iam(`role/${rest[0]}`);
    return make({ type: 'assumedRole', arn: text, account, roleArn }, roleArn, 'AssumedRole', []);
  }
  if (arn.service === 'sts' && kind === 'federated-user' && rest.length === 1 && last !== '') {
    return make({ type: 'federatedUser', arn: text, account }, text, 'FederatedUser', [
      ['aws:userid', `${account}:${last}`],
    ]);
  }
  return { ok: false, why: 'not a principal ARN portcullis can simulate' };
}
