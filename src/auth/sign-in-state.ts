/**
 * The state between the steps of a sign-in (password -> MFA code -> new password): a short-lived
 * token sealed with the master key (AES-256-GCM through SecretBox), so the client can carry it and
 * cannot read or alter it. It is not a session: it opens nothing but the next step of the same
 * sign-in, and it names the password it was issued against (its change time), so a token taken
 * before a password change is void after it.
 */
import type { SecretBox } from './secret-box.js';

export type SignInStep = 'mfa' | 'change-password';

export interface SignInState {
  readonly step: SignInStep;
  readonly accountId: string;
  /** undefined: the root user. */
  readonly userName?: string | undefined;
  /** The password's change time (ms) when the state was issued. */
  readonly passwordChangedAt: number;
  /** Set once an MFA code was accepted. */
  readonly mfaAt?: number | undefined;
  /** The change is required because the password expired (not just PasswordResetRequired). */
  readonly expired?: boolean | undefined;
  readonly expiresAt: number;
}

const AAD = 'portcullis-sign-in-state:v1';
/** How long a person has for the next step. */
export const SIGN_IN_STATE_TTL_MS = 5 * 60_000;

export function sealSignInState(box: SecretBox, state: SignInState): string {
  return box.seal(JSON.stringify(state), AAD).toString('base64url');
}

/** The state, or undefined when the token is forged, damaged, expired or of another step. */
export function openSignInState(
  box: SecretBox,
  token: string,
  step: SignInStep,
  now: number,
): SignInState | undefined {
  if (token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let state: SignInState;
  try {
    state = JSON.parse(box.open(Buffer.from(token, 'base64url'), AAD)) as SignInState;
  } catch {
    return undefined;
  }
  if (state.step !== step || typeof state.expiresAt !== 'number' || state.expiresAt <= now) return undefined;
  return state;
}
