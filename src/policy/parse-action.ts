import { Msg, Rank } from './parse-errors.js';

/**
 * Action strings: `*` or `vendor:action`. AWS checks the vendor (letters, digits, `-`, `.`) and
 * that there is exactly one colon, but not the action name: `iam: asdf safdsf af ` is accepted
 * (observed, moto's conformance corpus). Actions compare case-insensitively, so the AST keeps
 * them lower-cased.
 */
export interface ActionFinding {
  readonly rank: Rank;
  readonly message: string;
  readonly detail: string;
}

const VENDOR = /^[A-Za-z0-9.-]+$/;

export function checkAction(action: string): ActionFinding | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon < 0) {
    return {
      rank: Rank.actionVendor,
      message: Msg.vendorPrefix,
      detail: `Action "${action}" has no vendor prefix; write it as vendor:action, e.g. iam:GetUser.`,
    };
  }
  if (action.indexOf(':', colon + 1) >= 0) {
    return {
      rank: Rank.actionFormat,
      message: Msg.oneColon,
      detail: `Action "${action}" has more than one colon.`,
    };
  }
  const vendor = action.slice(0, colon);
  if (vendor !== '*' && !VENDOR.test(vendor)) {
    return {
      rank: Rank.actionFormat,
      message: Msg.vendorInvalid(vendor),
      detail: `Vendor "${vendor}" in action "${action}" may hold only letters, digits, '-' and '.'.`,
    };
  }
  return undefined;
}

export const normalizeAction = (action: string): string => action.toLowerCase();

/**
 * A role's trust policy may only name the actions that start or shape a session on the role
 * (observed: "AssumeRole policy may only specify STS AssumeRole actions."). A bare `*` is refused
 * (observed); an `sts:` wildcard is accepted when it matches at least one of these actions.
 */
export const TRUST_ACTIONS: readonly string[] = [
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
];

export function isTrustAction(lowered: string): boolean {
  if (!lowered.startsWith('sts:')) return false;
  if (!lowered.includes('*') && !lowered.includes('?')) return TRUST_ACTIONS.includes(lowered);
  const source = lowered
    .replace(/[.+^${}()|[\]\\/-]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`);
  return TRUST_ACTIONS.some((a) => re.test(a));
}
