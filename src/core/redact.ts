/**
 * The one redaction function: the logger and the audit trail (services/audit/event-record.ts) pass everything they record
 * through it, so a secret cannot reach either. Fields are matched by name, without regard to case
 * or separators; the Authorization header keeps its credential scope but loses its signature.
 */
export const REDACTED = '[REDACTED]';

/** Field names (normalized: lower case, no `-` or `_`) whose values are secrets. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'secretaccesskey',
  'awssecretaccesskey',
  'password',
  'newpassword',
  'oldpassword',
  'sessiontoken',
  'securitytoken',
  'xamzsecuritytoken',
  'xamzsignature',
  'signature',
  'privatekey',
  'base32stringseed',
  'qrcodepng',
  'authenticationcode1',
  'authenticationcode2',
  'samlassertion',
  'webidentitytoken',
  'servicepassword',
  'cookie',
  'setcookie',
  'masterkey',
  // audit records (camelCase, as CloudTrail writes them) and STS/console shapes
  'secretkey',
  'clientsecret',
  'totpseed',
  'seed',
  'recoverycodes',
  'sessionkey',
  'refreshtoken',
  'accesstoken',
  'idtoken',
]);

const normalize = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

export const isSecretField = (name: string): boolean => SECRET_FIELDS.has(normalize(name));

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=<hex>` without the signature. */
export const redactAuthorization = (value: string): string =>
  value.replace(/(Signature=)[^,\s]*/gi, `$1${REDACTED}`);

/** Query strings and form bodies: the values of secret parameters (and presigned signatures). */
export const redactQueryString = (text: string): string =>
  text.replace(/(^|[?&])([^=&]*)=([^&]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // a malformed name is logged as sent
    }
    return isSecretField(decoded) ? `${sep}${name}=${REDACTED}` : whole;
  });

/** A deep copy of `value` with every secret replaced; cycles and depth are bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return '[…]';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (value instanceof Date) return value;
  if (value instanceof Error) return value; // errors carry messages we wrote, never inputs
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isSecretField(k)) out[k] = REDACTED;
    else if (normalize(k) === 'authorization' && typeof v === 'string') out[k] = redactAuthorization(v);
    else out[k] = redact(v, depth + 1);
  }
  return out;
}
