/**
 * `portcullis root enable-mfa` and `root deactivate-mfa` beside a running server: the operator
 * types two codes that test/e2e/authenticator-app.ts (RFC 6238 on node:crypto, independent of the
 * server) computes from the seed the command printed; the AWS CLI then sees the root's device,
 * and MfaCodes (what console sign-in calls) accepts the root's next code through the data
 * directory's store. No seed in the data directory (but sealed), in the server's debug log, or on
 * the command's stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaCodes } from '../../src/auth/mfa-codes.js';
import { loadMasterKey, SecretBox } from '../../src/auth/secret-box.js';
import type { AccountId } from '../../src/domain/ids.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { base32Decode, codeFor, STEP_MS, stepAt } from './authenticator-app.js';
import {
  ACCOUNT_ID,
  aws,
  ROOT,
  ROOT_KEY,
  removeDir,
  runToExit,
  type ServerProcess,
  startServer,
} from './harness.js';

let server: ServerProcess;
let outDir: string;
/** Every seed a command printed, and every stderr it wrote, for the at-rest and log checks. */
const seeds: string[] = [];
const stderrs: string[] = [];

beforeAll(async () => {
  server = await startServer({ env: { PORTCULLIS_LOG_LEVEL: 'debug' } });
  outDir = mkdtempSync(join(tmpdir(), 'portcullis-root-mfa-'));
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
  if (outDir) removeDir(outDir);
});

// A real QR decoder where the machine has one (Debian's zbar-tools).
const HAS_ZBAR = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' }).status === 0;

const ROOT_SERIAL = `arn:aws:iam::${ACCOUNT_ID}:mfa/root-account-mfa-device`;
const ROOT_ARN = `arn:aws:iam::${ACCOUNT_ID}:root`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seed: string | undefined;
  /** The time step whose code was typed first. */
  readonly step: number | undefined;
}

/**
 * Runs `portcullis root enable-mfa ARGS` as an operator would: waits for the seed on stdout, then
 * types the two codes `codes(seed, step)` gives for the current step (by default this step's and
 * the next one's), one line at a time.
 */
function enableMfa(
  args: readonly string[],
  codes: (seed: string, step: number) => readonly string[] = (seed, step) => [
    codeFor(seed, step),
    codeFor(seed, step + 1),
  ],
  env: Readonly<Record<string, string>> = {},
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        'root',
        'enable-mfa',
        '--data-dir',
        server.dataDir,
        ...args,
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let seed: string | undefined;
    let step: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /^Base32 seed: ([A-Z2-7]+)$/m.exec(stdout);
      if (m && seed === undefined) {
        seed = m[1]!;
        seeds.push(seed);
        step = stepAt(Date.now());
        const [first, second] = codes(seed, step);
        // Typed as a person does: a line, then the next one a moment later.
        child.stdin.write(`${first}\n`);
        setTimeout(() => child.stdin.end(second === undefined ? '' : `${second}\n`), 200);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      stderrs.push(stderr);
      if (seed === undefined) child.stdin.destroy();
      done({ status, stdout, stderr, seed, step });
    });
  });
}

const deactivateMfa = (args: readonly string[] = []) => {
  const r = runToExit(['root', 'deactivate-mfa', '--data-dir', server.dataDir, ...args]);
  stderrs.push(r.stderr);
  return r;
};

/** MfaCodes over the data directory's own store and master key: what console sign-in calls. */
async function verifyRoot(code: string, at: Date) {
  const key = loadMasterKey({ keyFile: undefined, dataDir: server.dataDir });
  expect(key.created).toBe(false);
  const store = await openSqliteStore(join(server.dataDir, 'portcullis.db'));
  try {
    return await new MfaCodes(store, new SecretBox(key.key)).verifyForOwner(
      ACCOUNT_ID as AccountId,
      undefined,
      code,
      at,
    );
  } finally {
    await store.close();
  }
}

/** A time in the middle of `step`. */
const during = (step: number) => new Date(step * STEP_MS + STEP_MS / 2);

const virtualDevices = (status = 'Any') => {
  const r = aws(server, ROOT_KEY, ['iam', 'list-virtual-mfa-devices', '--assignment-status', status]);
  expect(r.status, r.stderr).toBe(0);
  return (r.json as { VirtualMFADevices: { SerialNumber: string; User?: Record<string, unknown> }[] })
    .VirtualMFADevices;
};

const accountMfaEnabled = () => {
  const r = aws(server, ROOT_KEY, ['iam', 'get-account-summary']);
  expect(r.status, r.stderr).toBe(0);
  return (r.json as { SummaryMap: Record<string, number> }).SummaryMap.AccountMFAEnabled;
};

describe('portcullis root enable-mfa', () => {
  let seed: string;
  let step: number;

  it('refuses wrong codes: the device stays unassigned and the root has no MFA', async () => {
    // Real codes of the device, but from two and a half minutes ago: outside the window.
    const stale = await enableMfa(['--name', 'root-stale'], (s, now) => [
      codeFor(s, now - 5),
      codeFor(s, now - 4),
    ]);
    expect(stale.status, stale.stderr).toBe(1);
    expect(stale.stderr).toContain('are not two consecutive current codes');
    expect(stale.stderr).toContain('stays unassigned');
    expect(stale.stdout).not.toContain('MFA enabled');
    // The same code twice is not two consecutive codes either.
    const twice = await enableMfa(['--name', 'root-twice'], (s, now) => [codeFor(s, now), codeFor(s, now)]);
    expect(twice.status, twice.stderr).toBe(1);
    // Only one code typed.
    const one = await enableMfa(['--name', 'root-one'], (s, now) => [codeFor(s, now)]);
    expect(one.status, one.stderr).toBe(1);
    expect(one.stderr).toContain('two codes are needed');

    const unassigned = virtualDevices('Unassigned').map((d) => d.SerialNumber);
    for (const name of ['root-stale', 'root-twice', 'root-one']) {
      expect(unassigned).toContain(`arn:aws:iam::${ACCOUNT_ID}:mfa/${name}`);
    }
    expect(virtualDevices('Assigned')).toEqual([]);
    expect(accountMfaEnabled()).toBe(0);
    expect((await verifyRoot(codeFor(stale.seed!, stale.step!), during(stale.step!))).result).toBe(
      'no-device',
    );
    // The name is taken now: a second attempt under it is refused before any seed is shown.
    const again = await enableMfa(['--name', 'root-stale']);
    expect(again.status).toBe(1);
    expect(again.seed).toBeUndefined();
    expect(again.stderr).toContain('already exists');
  }, 120_000);

  it("enables the root's device with two consecutive codes and writes the QR code (0600)", async () => {
    const png = join(outDir, 'root-mfa.png');
    const run = await enableMfa(['--qr-png', png]);
    expect(run.status, run.stderr).toBe(0);
    seed = run.seed!;
    step = run.step!;
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    expect(base32Decode(seed)).toHaveLength(40);
    expect(run.stdout).toContain(
      `Created virtual MFA device ${ROOT_SERIAL} for the root user of account ${ACCOUNT_ID}`,
    );
    const uri = /^otpauth URI: (\S+)$/m.exec(run.stdout)?.[1];
    expect(uri).toBeDefined();
    const parsed = new URL(uri!);
    expect(parsed.protocol).toBe('otpauth:');
    expect(decodeURIComponent(parsed.pathname)).toBe(`/Portcullis:root-account-mfa-device@${ACCOUNT_ID}`);
    expect(Object.fromEntries(parsed.searchParams)).toMatchObject({
      secret: seed,
      issuer: 'Portcullis',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(run.stdout).toContain(`MFA enabled for the root user of account ${ACCOUNT_ID} (${ROOT_SERIAL})`);
    expect(run.stderr).not.toContain(seed);
    const file = readFileSync(png);
    expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(png).mode & 0o777).toBe(0o600);
    if (HAS_ZBAR) {
      const decoded = spawnSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8', timeout: 20_000 });
      expect(decoded.stdout.trim()).toBe(uri);
    }
  }, 60_000);

  it("shows the device as the root user's to the AWS CLI and in the account summary", () => {
    const assigned = virtualDevices('Assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({
      SerialNumber: ROOT_SERIAL,
      User: { Arn: ROOT_ARN, UserId: ACCOUNT_ID },
    });
    const own = aws(server, ROOT_KEY, ['iam', 'list-mfa-devices']);
    expect(own.status, own.stderr).toBe(0);
    expect(
      (own.json as { MFADevices: { SerialNumber: string }[] }).MFADevices.map((d) => d.SerialNumber),
    ).toEqual([ROOT_SERIAL]);
    expect(accountMfaEnabled()).toBe(1);
  });

  it("makes MfaCodes.verifyForOwner(account, undefined) accept the root's next code, once", async () => {
    // The two enabling codes are used up: the code of the second one is a replay.
    expect((await verifyRoot(codeFor(seed, step + 1), during(step + 1))).result).toBe('replayed');
    const next = codeFor(seed, step + 2);
    expect(await verifyRoot(next, during(step + 2))).toEqual({ result: 'valid', serialNumber: ROOT_SERIAL });
    expect((await verifyRoot(next, during(step + 2))).result).toBe('replayed');
    const wrong = codeFor(seed, step + 3) === '000000' ? '111111' : '000000';
    expect((await verifyRoot(wrong, during(step + 3))).result).toBe('invalid');
  });

  it('refuses an account whose root already has a device, before making a seed', async () => {
    const run = await enableMfa(['--name', 'second-root-device']);
    expect(run.status).toBe(1);
    expect(run.seed).toBeUndefined();
    expect(run.stderr).toContain(`already has MFA device ${ROOT_SERIAL}`);
    expect(virtualDevices().map((d) => d.SerialNumber)).not.toContain(
      `arn:aws:iam::${ACCOUNT_ID}:mfa/second-root-device`,
    );
  }, 60_000);

  it("refuses an unknown account, a malformed account id and a master key that is not the server's", async () => {
    const unknown = await enableMfa(['--account-id', '999999999999']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('account 999999999999 is not in');
    const malformed = await enableMfa(['--account-id', '12345']);
    expect(malformed.status).toBe(2);
    const otherKey = join(outDir, 'other.key');
    writeFileSync(otherKey, `${'ab'.repeat(32)}\n`);
    const foreign = await enableMfa(['--name', 'foreign-key'], undefined, {
      PORTCULLIS_MASTER_KEY_FILE: otherKey,
    });
    expect(foreign.status).toBe(1);
    expect(foreign.seed).toBeUndefined();
    expect(foreign.stderr).toContain('the master key does not open');
    const missing = await enableMfa(['--name', 'no-key'], undefined, {
      PORTCULLIS_MASTER_KEY_FILE: join(outDir, 'missing.key'),
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no master key');
  }, 120_000);
});

describe('portcullis root deactivate-mfa', () => {
  it("deactivates and deletes the root's device: the recovery path for a lost phone", async () => {
    const r = deactivateMfa();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Deactivated and deleted ${ROOT_SERIAL} (root user of account ${ACCOUNT_ID})`);
    expect(virtualDevices().map((d) => d.SerialNumber)).not.toContain(ROOT_SERIAL);
    expect(virtualDevices('Assigned')).toEqual([]);
    expect(accountMfaEnabled()).toBe(0);
    expect((await verifyRoot('123456', new Date())).result).toBe('no-device');
    const again = deactivateMfa(['--account-id', ACCOUNT_ID]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`the root user of account ${ACCOUNT_ID} has no MFA device`);
  });

  it('lets the root enable a new device afterwards', async () => {
    const run = await enableMfa([]);
    expect(run.status, run.stderr).toBe(0);
    expect(accountMfaEnabled()).toBe(1);
  }, 60_000);
});

describe('secrets', () => {
  it('keeps every seed out of the data directory (but sealed), the server log and stderr', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(5);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name !== 'master.key' && entry.name !== 'credentials') files.push(path);
      }
    };
    walk(server.dataDir);
    expect(files.some((f) => f.endsWith('portcullis.db'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const seed of seeds) {
        expect(bytes.includes(Buffer.from(seed, 'ascii')), `${seed} in ${file}`).toBe(false);
        expect(bytes.includes(base32Decode(seed)), `raw ${seed} in ${file}`).toBe(false);
      }
    }
    const logs = [server.stdout(), server.stderr(), ...stderrs].join('\n');
    for (const seed of seeds) expect(logs).not.toContain(seed);
  });
});
