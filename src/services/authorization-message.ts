/**
 * The encoded authorization failure message an AccessDenied carries, and its decoded form.
 *
 * Encoding: the explanation below as JSON, bounded to MAX_JSON_BYTES (condition values are cut to
 * 256 characters, then statements and conditions dropped from the end until it fits), sealed by
 * the server's AuthorizationMessageCodec (AES-256-GCM, its own AAD) and written in base64url. The
 * blob stays under 4 KB, well inside DecodeAuthorizationMessage's 10,240-character input limit.
 *
 * Decoding gives AWS's DecodedMessage shape: allowed, explicitDeny, matchedStatements, failures,
 * context {principal {id, arn}, action, resource, conditions}.
 */
import type { ContextValue, Gate, MatchedStatement } from '../policy/index.js';
import type { AuthorizationMessageCodec } from './operation-context.js';

export const MAX_JSON_BYTES = 2800;
const MAX_VALUE_CHARS = 256;

export interface DecodedAuthorization {
  readonly account: string;
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly deniedBy: Gate | undefined;
  readonly matchedStatements: readonly MatchedStatement[];
  readonly failures: readonly string[];
  readonly principal: { readonly id: string; readonly arn: string };
  readonly action: string;
  readonly resource: string;
  readonly keys: ReadonlyMap<string, ContextValue>;
}

/** AWS's DecodedMessage JSON (plus `account`, which decoding checks, and `deniedBy`, the gate). */
interface Wire {
  account: string;
  allowed: boolean;
  explicitDeny: boolean;
  deniedBy?: string;
  matchedStatements: {
    items: {
      statementId: string;
      effect: string;
      policyId: string;
      policyType: string;
      statementIndex: number;
    }[];
  };
  failures: { items: string[] };
  context: {
    principal: { id: string; arn: string };
    action: string;
    resource: string;
    conditions: { items: { key: string; values: { items: { value: string }[] } }[] };
  };
}

const cut = (s: string): string => (s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}...` : s);

function toWire(d: DecodedAuthorization): Wire {
  return {
    account: d.account,
    allowed: d.allowed,
    explicitDeny: d.explicitDeny,
    ...(d.deniedBy !== undefined && { deniedBy: d.deniedBy }),
    matchedStatements: {
      items: d.matchedStatements.map((m) => ({
        statementId: m.sid ?? '',
        effect: m.effect.toUpperCase(),
        policyId: cut(m.policyId),
        policyType: m.policyKind,
        statementIndex: m.statementIndex,
      })),
    },
    failures: { items: d.failures.map(cut) },
    context: {
      principal: { id: d.principal.id, arn: d.principal.arn },
      action: d.action,
      resource: cut(d.resource),
      conditions: {
        items: [...d.keys].map(([key, v]) => ({
          key,
          values: { items: v.values.slice(0, 10).map((x) => ({ value: cut(x) })) },
        })),
      },
    },
  };
}

/** The sealed blob for an AccessDenied message. */
export function encodeAuthorizationFailure(
  codec: AuthorizationMessageCodec,
  d: DecodedAuthorization,
): string {
  const wire = toWire(d);
  let json = JSON.stringify(wire);
  while (Buffer.byteLength(json) > MAX_JSON_BYTES) {
    if (wire.context.conditions.items.length > 0) wire.context.conditions.items.pop();
    else if (wire.matchedStatements.items.length > 0) wire.matchedStatements.items.pop();
    else break;
    json = JSON.stringify(wire);
  }
  return codec.seal(json);
}

/** The decoded JSON and the account it was issued in; undefined when the blob is not ours. */
export function decodeAuthorizationFailure(
  codec: AuthorizationMessageCodec,
  blob: string,
): { readonly account: string; readonly decoded: string } | undefined {
  const json = codec.open(blob);
  if (json === undefined) return undefined;
  try {
    const { account, ...rest } = JSON.parse(json) as Wire;
    return { account, decoded: JSON.stringify(rest) };
  } catch {
    return undefined;
  }
}
