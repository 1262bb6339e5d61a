/**
 * The virtual MFA handlers at a fixed clock, with codes from the test's own authenticator
 * (test/e2e/authenticator-app.ts): quotas, the window, replay through resync and sign-in, and
 * the root user's and a user's own devices.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessKeySealer } from '../../../src/auth/credentials.js';
import { MfaCodes } from '../../../src/auth/mfa-codes.js';
import { SecretBox } from '../../../src/auth/secret-box.js';
import { totpCodes } from '../../../src/auth/totp.js';
import type {
  OperationDefinition,
  OperationInput,
  OperationOutput,
} from '../../../src/protocol/operation-registry.js';
import { getAccountSummary } from '../../../src/services/iam/account.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  enableMfaDevice,
  getMfaDevice,
  listMfaDevices,
  resyncMfaDevice,
} from '../../../src/services/iam/mfa-devices.js';
import { createUser, deleteUser } from '../../../src/services/iam/users.js';
import type { Caller, OperationContext } from '../../../src/services/operation-context.js';
import { codeFor } from '../../e2e/authenticator-app.js';
import { ACCOUNT, NOW, rootCaller, useHarness } from './context.js';

const h = useHarness();
const box = new SecretBox(randomBytes(32));
const secrets = accessKeySealer(box);
const STEP = Math.floor(NOW.getTime() / 30_000);

type Op<I extends OperationInput, O extends OperationOutput> = OperationDefinition<I, O, OperationContext>;

const call = <I extends OperationInput, O extends OperationOutput>(
  op: Op<I, O>,
  input: I,
  caller: Caller = rootCaller(),
  now: Date = NOW,
): Promise<O> =>
  h.store.transaction(async (tx) =>
    op.handler(input, {
      requestId: 't',
      now,
      caller,
      accountId: ACCOUNT,
      partition: 'aws',
      tx,
      secrets,
      otp: totpCodes,
    }),
  );

const error = async <I extends OperationInput, O extends OperationOutput>(
  op: Op<I, O>,
  input: I,
  caller?: Caller,
  now?: Date,
): Promise<{ code: string; message: string }> => {
  try {
    await call(op, input, caller, now);
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code === undefined) throw e;
    return { code: err.code, message: err.message };
  }
  throw new Error(`${op.name} succeeded`);
};

async function device(name: string): Promise<{ serial: string; seed: string }> {
  const out = await call(createVirtualMfaDevice, { VirtualMFADeviceName: name });
  return {
    serial: out.VirtualMFADevice.SerialNumber,
    seed: out.VirtualMFADevice.Base32StringSeed!.toString('ascii'),
  };
}

const enable = (user: string, d: { serial: string; seed: string }, first = STEP - 1, now = NOW) =>
  call(
    enableMfaDevice,
    {
      UserName: user,
      SerialNumber: d.serial,
      AuthenticationCode1: codeFor(d.seed, first),
      AuthenticationCode2: codeFor(d.seed, first + 1),
    },
    rootCaller(),
    now,
  );

describe('virtual MFA handlers', () => {
  it('enables at most 8 devices per user (LimitExceeded), as AWS allows', async () => {
    await call(createUser, { UserName: 'quota' });
    for (let i = 0; i < 8; i++) await enable('quota', await device(`quota-${i}`));
    const ninth = await device('quota-8');
    expect(
      await error(enableMfaDevice, {
        UserName: 'quota',
        SerialNumber: ninth.serial,
        AuthenticationCode1: codeFor(ninth.seed, STEP - 1),
        AuthenticationCode2: codeFor(ninth.seed, STEP),
      }),
    ).toEqual({ code: 'LimitExceeded', message: 'Cannot exceed quota for MFADevicesPerUser: 8' });
    expect((await call(listMfaDevices, { UserName: 'quota' })).MFADevices).toHaveLength(8);
    expect((await error(deleteUser, { UserName: 'quota' })).code).toBe('DeleteConflict');
  });

  it.each([
    ['(now-1, now)', -1, true],
    ['(now, now+1)', 0, true],
    ['(now-2, now-1)', -2, false],
    ['(now+1, now+2)', 1, false],
  ])('enabling codes %s are accepted: %s', async (_label, offset, ok) => {
    await call(createUser, { UserName: `skew${offset}` });
    const d = await device(`skew${offset}`);
    const run = enable(`skew${offset}`, d, STEP + offset);
    if (ok) await expect(run).resolves.toBeUndefined();
    else await expect(run).rejects.toMatchObject({ code: 'InvalidAuthenticationCode' });
  });

  it('resync consumes its codes: sign-in refuses them afterwards, and accepts the next step', async () => {
    await call(createUser, { UserName: 'resync' });
    const d = await device('resync');
    await enable('resync', d);
    const later = new Date(NOW.getTime() + 30_000); // step STEP + 1
    const resync = (first: number) =>
      call(
        resyncMfaDevice,
        {
          UserName: 'resync',
          SerialNumber: d.serial,
          AuthenticationCode1: codeFor(d.seed, first),
          AuthenticationCode2: codeFor(d.seed, first + 1),
        },
        rootCaller(),
        later,
      );
    await expect(resync(STEP)).rejects.toMatchObject({ code: 'InvalidAuthenticationCode' });
    await resync(STEP + 1);
    const codes = new MfaCodes(h.store, box);
    expect((await codes.verifyForOwner(ACCOUNT, 'resync', codeFor(d.seed, STEP + 2), later)).result).toBe(
      'replayed',
    );
    const afterwards = new Date(later.getTime() + 30_000);
    expect(await codes.verifyForOwner(ACCOUNT, 'resync', codeFor(d.seed, STEP + 3), afterwards)).toEqual({
      result: 'valid',
      serialNumber: d.serial,
    });
  });

  it("lets a user get and deactivate its own device without naming itself; the root's list is its own", async () => {
    const { User } = await call(createUser, { UserName: 'self' });
    const me: Caller = {
      accountId: ACCOUNT,
      principal: { type: 'user', arn: User.Arn, account: ACCOUNT },
      principalId: User.UserId,
      userName: 'self',
    };
    const d = await device('self');
    await enable('self', d);
    expect(await call(getMfaDevice, { SerialNumber: d.serial }, me)).toMatchObject({
      UserName: 'self',
      SerialNumber: d.serial,
      EnableDate: NOW,
    });
    expect((await call(listMfaDevices, {}, rootCaller())).MFADevices).toEqual([]);
    expect((await error(deactivateMfaDevice, { SerialNumber: d.serial })).code).toBe('NoSuchEntity');
    await call(deactivateMfaDevice, { SerialNumber: d.serial }, me);
    expect((await call(listMfaDevices, {}, me)).MFADevices).toEqual([]);
  });

  it('refuses a path and name whose serial number no later call could name (over 256 characters)', async () => {
    const path = `/${'p'.repeat(200)}/`;
    expect(
      (await error(createVirtualMfaDevice, { Path: path, VirtualMFADeviceName: 'n'.repeat(30) })).code,
    ).toBe('InvalidInput');
    const fits = 256 - `arn:aws:iam::${ACCOUNT}:mfa${path}`.length;
    const out = await call(createVirtualMfaDevice, { Path: path, VirtualMFADeviceName: 'n'.repeat(fits) });
    expect(out.VirtualMFADevice.SerialNumber).toHaveLength(256);
  });

  it('counts devices in GetAccountSummary', async () => {
    const summary = (await call(getAccountSummary, {})).SummaryMap;
    expect(summary.MFADevices).toBeGreaterThanOrEqual(9);
    expect(summary.MFADevicesInUse).toBeGreaterThanOrEqual(8);
    expect(summary.MFADevicesInUse).toBeLessThan(summary.MFADevices!);
    expect(summary.AccountMFAEnabled).toBe(0);
  });

  it('seals the seed bound to the serial number: no seed in what the store holds', async () => {
    const d = await device('sealed');
    const stored = await h.store.read((r) => r.mfaDevices.get(ACCOUNT, '/', 'sealed'));
    expect(stored!.seedCiphertext.includes(Buffer.from(d.seed))).toBe(false);
    expect(secrets.openMfaSeed(d.serial, stored!.seedCiphertext)).toBe(d.seed);
    expect(() => secrets.openMfaSeed(`${d.serial}x`, stored!.seedCiphertext)).toThrow();
  });
});
