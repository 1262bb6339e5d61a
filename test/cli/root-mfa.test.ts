import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portcullis } from './cli-helpers.js';

describe('portcullis root enable-mfa / deactivate-mfa (no server needed)', () => {
  it('are listed under root, with their help', async () => {
    const group = await portcullis(['root', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/enable-mfa\s+give the root user a virtual MFA device/);
    expect(group.stdout).toMatch(/deactivate-mfa\s+remove the root user's MFA device/);
    const help = await portcullis(['root', 'enable-mfa', '--help']);
    expect(help.stdout).toContain('--qr-png FILE');
    expect(help.stdout).toContain('root-account-mfa-device');
  });

  it('refuse a missing database, showing no seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
    const r = await portcullis(['root', 'enable-mfa', '--data-dir', dir, '--account-id', '123456789012']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not exist');
    expect(r.stdout).toBe('');
    const d = await portcullis(['root', 'deactivate-mfa', '--data-dir', dir, '--account-id', '123456789012']);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('does not exist');
  });

  it('refuse a QR file that exists (before any device is made), bad options and a bad account id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
    writeFileSync(join(dir, 'qr.png'), 'x');
    const exists = await portcullis([
      'root',
      'enable-mfa',
      '--data-dir',
      dir,
      '--qr-png',
      join(dir, 'qr.png'),
    ]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('already exists');
    expect((await portcullis(['root', 'enable-mfa', '--code', '1'])).code).toBe(2);
    expect((await portcullis(['root', 'deactivate-mfa', '--account-id', 'abc'])).code).toBe(2);
  });
});
