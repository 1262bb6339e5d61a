/**
 * Name and path rules as data (IAM-FACTS §3.1, the API model's patterns). Checks return the
 * broken rule, never throw: the service turns it into AWS's ValidationError wording.
 */
export type NamedKind = 'user' | 'group' | 'role' | 'policy' | 'inlinePolicy' | 'instanceProfile';

export interface LengthPattern {
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
}

const IAM_NAME = /^[\w+=,.@-]+$/;

export const NAME_RULES: Readonly<Record<NamedKind, LengthPattern>> = {
  user: { min: 1, max: 64, pattern: IAM_NAME },
  group: { min: 1, max: 128, pattern: IAM_NAME },
  role: { min: 1, max: 64, pattern: IAM_NAME },
  policy: { min: 1, max: 128, pattern: IAM_NAME },
  inlinePolicy: { min: 1, max: 128, pattern: IAM_NAME },
  instanceProfile: { min: 1, max: 128, pattern: IAM_NAME },
};

export const PATH_RULES = {
  /** user, group, role, instance profile */
  entity: { min: 1, max: 512, pattern: /^(\/|\/[\u0021-\u007E]+\/)$/ },
  policy: { min: 1, max: 512, pattern: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/ },
  /** PathPrefix filters on List* */
  prefix: { min: 1, max: 512, pattern: /^\/[\u0021-\u007F]*$/ },
} as const satisfies Record<string, LengthPattern>;

export const ACCOUNT_ALIAS_RULE: LengthPattern = {
  min: 3,
  max: 63,
  pattern: /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/,
};

export type RuleViolation = 'length' | 'pattern';

export function checkRule(rule: LengthPattern, value: string): RuleViolation | undefined {
  if (value.length < rule.min || value.length > rule.max) return 'length';
  return rule.pattern.test(value) ? undefined : 'pattern';
}

export const checkName = (kind: NamedKind, name: string) => checkRule(NAME_RULES[kind], name);

export function checkAccountAlias(alias: string): RuleViolation | undefined {
  if (/^\d{12}$/.test(alias)) return 'pattern';
  return checkRule(ACCOUNT_ALIAS_RULE, alias);
}

/**
 * Which names are unique per account without regard to case. AWS: "IAM user, group, role, and
 * policy names must be unique within the account. Names are not distinguished by case"; the same
 * holds for instance profiles. Inline policy names are unique per principal and compared exactly.
 */
export const CASE_INSENSITIVE_NAMES: Readonly<Record<NamedKind, boolean>> = {
  user: true,
  group: true,
  role: true,
  policy: true,
  instanceProfile: true,
  inlinePolicy: false,
};

/** The uniqueness key of a name. Names are ASCII by their pattern, so lower-casing is exact. */
export const nameKey = (name: string): string => name.toLowerCase();
