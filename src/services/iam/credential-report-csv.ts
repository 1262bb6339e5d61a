import type { CredentialFacts, KeyFacts, PasswordFacts } from '../../store/credential-reports-repo.js';

/** AWS's columns, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const NO_INFORMATION = 'no_information';
const NOT_SUPPORTED = 'not_supported';
const DAY_MS = 86_400_000;

/** ISO 8601 as AWS writes it in the report: seconds, `+00:00`. */
export const reportTime = (d: Date): string => `${d.toISOString().slice(0, 19)}+00:00`;

/** RFC 4180: quote a field holding a comma, a quote or a line break. */
const field = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** The five columns of one key slot: N/A throughout when there is no key, N/A for what was never used. */
function keyColumns(key: KeyFacts | undefined): string[] {
  if (key === undefined) return ['false', NA, NA, NA, NA];
  const used = key.lastUsed;
  return [
    String(key.status === 'Active'),
    reportTime(key.createDate),
    used ? reportTime(used.lastUsedDate) : NA,
    used ? used.region : NA,
    used ? used.serviceName : NA,
  ];
}

/** password_last_used: N/A without a password, no_information for one never used. */
const passwordLastUsed = (password: PasswordFacts | undefined): string =>
  password === undefined ? NA : password.lastUsed ? reportTime(password.lastUsed) : NO_INFORMATION;

/** Portcullis has no signing certificates: both slots are always empty. */
const CERT_COLUMNS = ['false', NA, 'false', NA];

/** The report's CSV text (header, the root row, then each user by name), lines ending in `\n`. */
export function credentialReportCsv(facts: CredentialFacts, rootArn: string): string {
  const rows: string[][] = [[...CREDENTIAL_REPORT_COLUMNS]];
  const root = facts.root;
  rows.push([
    '<root_account>',
    rootArn,
    reportTime(facts.accountCreatedAt),
    NOT_SUPPORTED,
    // The root's sign-in: a date once used, no_information before (AWS writes no N/A here).
    root.password?.lastUsed ? reportTime(root.password.lastUsed) : NO_INFORMATION,
    NOT_SUPPORTED,
    NOT_SUPPORTED,
    String(root.mfaActive),
    ...keyColumns(root.accessKeys[0]),
    ...keyColumns(root.accessKeys[1]),
    ...CERT_COLUMNS,
  ]);
  for (const user of facts.users) {
    const password = facts.passwords.get(user.id);
    const keys = facts.accessKeys.get(user.id) ?? [];
    const maxAge = facts.maxPasswordAgeDays;
    rows.push([
      user.name,
      user.arn,
      reportTime(user.createDate),
      String(password !== undefined),
      passwordLastUsed(password),
      password ? reportTime(password.changedAt) : NA,
      password && maxAge !== undefined
        ? reportTime(new Date(password.changedAt.getTime() + maxAge * DAY_MS))
        : NA,
      String(facts.mfaActive.has(user.id)),
      ...keyColumns(keys[0]),
      ...keyColumns(keys[1]),
      ...CERT_COLUMNS,
    ]);
  }
  return rows.map((r) => `${r.map(field).join(',')}\n`).join('');
}
