import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MfaCodes } from '../../src/auth/mfa-codes.js';
import { mfaSeedAad, sealMfaSeed } from '../../src/auth/mfa-seeds.js';
import { SecretBox } from '../../src/auth/secret-box.js';
import { timeStep, totpCode } from '../../src/auth/totp.js';
import { mfaSerialNumber } from '../../src/domain/mfa-device.js';
import type { SqlStore } from '../../src/store/sql/sql-store.js';
import { openInMemorySqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { A, B, createUser, T0, testCatalog } from '../store/fixtures.js';

const box = new SecretBox(Buffer.alloc(32, 3));
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OTHER_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = new Date('2026-03-04T05:06:07Z');
const step = timeStep(NOW);
const code = (offset: number, seed = SEED) => totpCode(seed, step + offset);

let store: SqlStore;
let codes: MfaCodes;

/** Creates a device and, unless `assignTo` is null, enables it for a user (or root: undefined). */
async function device(name: string, seed: string, assignTo: string | undefined | null, account = A) {
  const serial = mfaSerialNumber(account, '/', name);
  await store.transaction(async (t) => {
    await t.mfaDevices.create(account, {
      id: `id-${name}`,
      path: '/',
      name,
      createDate: T0,
      seedCiphertext: sealMfaSeed(box, serial, seed),
    });
    if (assignTo !== null) await t.mfaDevices.assign(account, '/', name, assignTo, T0, step - 5);
  });
  return serial;
}

beforeEach(async () => {
  store = await openInMemorySqliteStore({ awsManagedPolicies: testCatalog() });
  await store.transaction(async (t) => {
    await t.accounts.create({ id: A, createdAt: T0 });
    await t.accounts.create({ id: B, createdAt: T0 });
    await createUser(t, A, 'alice');
    await createUser(t, A, 'bob');
  });
  codes = new MfaCodes(store, box);
});
afterEach(async () => {
  await store.close();
});

describe('MfaCodes', () => {
  it('accepts a current code once, then refuses it as replayed', async () => {
    const serial = await device('alice', SEED, 'alice');
    expect(await codes.verifyForOwner(A, 'alice', code(0), NOW)).toEqual({
      result: 'valid',
      serialNumber: serial,
    });
    expect(await codes.verifyForOwner(A, 'alice', code(0), NOW)).toEqual({
      result: 'replayed',
      serialNumber: serial,
    });
    // An earlier step than the one accepted is a replay too, even inside the window.
    expect((await codes.verifyForOwner(A, 'alice', code(-1), NOW)).result).toBe('replayed');
    // The next step is fresh.
    expect((await codes.verifyForOwner(A, 'alice', code(1), NOW)).result).toBe('valid');
  });

  it.each([
    [-1, 'valid'],
    [1, 'valid'],
    [-2, 'invalid'],
    [2, 'invalid'],
  ] as const)('a code %i step(s) from now is %s', async (offset, result) => {
    await device('alice', SEED, 'alice');
    expect((await codes.verifyForOwner(A, 'alice', code(offset), NOW)).result).toBe(result);
  });

  it('refuses a wrong or malformed code', async () => {
    await device('alice', SEED, 'alice');
    const wrong = String((Number(code(0)) + 1) % 1_000_000).padStart(6, '0');
    expect(await codes.verifyForOwner(A, 'alice', wrong, NOW)).toEqual({ result: 'invalid' });
    expect((await codes.verifyForOwner(A, 'alice', 'abcdef', NOW)).result).toBe('invalid');
    expect((await codes.verifyForOwner(A, 'alice', '', NOW)).result).toBe('invalid');
  });

  it('answers no-device for a user without a device, an unknown user, and an unassigned device', async () => {
    await device('spare', SEED, null);
    expect(await codes.verifyForOwner(A, 'bob', code(0), NOW)).toEqual({ result: 'no-device' });
    expect(await codes.verifyForOwner(A, 'nobody', code(0), NOW)).toEqual({ result: 'no-device' });
    expect(await codes.verifyForOwner(A, undefined, code(0), NOW)).toEqual({ result: 'no-device' });
    expect(await codes.verifySerial(A, mfaSerialNumber(A, '/', 'spare'), code(0), NOW)).toEqual({
      result: 'no-device',
    });
    expect(await codes.hasDevice(A, 'bob')).toBe(false);
    expect(await codes.hasDevice(A, 'nobody')).toBe(false);
  });

  it('checks every device of the owner and reports the one that matched', async () => {
    await device('alice-phone', OTHER_SEED, 'alice');
    const second = await device('alice-tablet', SEED, 'alice');
    expect(await codes.verifyForOwner(A, 'alice', code(0), NOW)).toEqual({
      result: 'valid',
      serialNumber: second,
    });
    expect(await codes.hasDevice(A, 'alice')).toBe(true);
  });

  it("verifies the root user's device by owner and by serial number", async () => {
    const serial = await device('root-mfa', SEED, undefined);
    expect(await codes.hasDevice(A, undefined)).toBe(true);
    expect((await codes.verifySerial(A, serial, code(0), NOW)).result).toBe('valid');
    expect((await codes.verifyForOwner(A, undefined, code(0), NOW)).result).toBe('replayed');
    expect((await codes.verifyForOwner(A, undefined, code(1), NOW)).result).toBe('valid');
  });

  it('keeps accounts apart and refuses serial numbers that are not virtual devices of the account', async () => {
    const serial = await device('alice', SEED, 'alice');
    expect((await codes.verifySerial(B, serial, code(0), NOW)).result).toBe('no-device');
    expect((await codes.verifySerial(A, 'GAHT12345678', code(0), NOW)).result).toBe('no-device');
    expect((await codes.verifySerial(A, serial.replace(':aws:', ':aws-cn:'), code(0), NOW)).result).toBe(
      'no-device',
    );
    expect((await codes.verifySerial(A, serial, code(0), NOW)).result).toBe('valid');
  });

  it('lets only one of two concurrent uses of a code win', async () => {
    await device('alice', SEED, 'alice');
    const results = await Promise.all([
      codes.verifyForOwner(A, 'alice', code(0), NOW),
      codes.verifyForOwner(A, 'alice', code(0), NOW),
    ]);
    expect(results.map((r) => r.result).sort()).toEqual(['replayed', 'valid']);
  });

  it('does not open a seed sealed for another device', async () => {
    const serial = await device('alice', SEED, 'alice');
    const moved = box.seal(SEED, mfaSeedAad(`${serial}-other`));
    expect(() => box.open(moved, mfaSeedAad(serial))).toThrow();
  });
});
