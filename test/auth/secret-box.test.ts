import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMasterKey, loadMasterKey, MASTER_KEY_BYTES, SecretBox } from '../../src/auth/secret-box.js';

const key = Buffer.alloc(MASTER_KEY_BYTES, 7);

describe('SecretBox', () => {
  const box = new SecretBox(key);

  it('round-trips a secret bound to its record', () => {
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'access-key:AKIA1');
    expect(sealed.includes(Buffer.from('wJalr'))).toBe(false);
    expect(box.open(sealed, 'access-key:AKIA1')).toBe('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  });

  it('uses a fresh nonce for every seal', () => {
    expect(box.seal('same', 'a').equals(box.seal('same', 'a'))).toBe(false);
  });

  it.each([
    ['another record (AAD)', (s: Buffer) => box.open(s, 'access-key:AKIA2')],
    ['another master key', (s: Buffer) => new SecretBox(Buffer.alloc(32, 8)).open(s, 'access-key:AKIA1')],
    [
      'a flipped ciphertext bit',
      (s: Buffer) => {
        const t = Buffer.from(s);
        t[t.length - 1]! ^= 1;
        return box.open(t, 'access-key:AKIA1');
      },
    ],
    ['a truncated record', (s: Buffer) => box.open(s.subarray(0, 10), 'access-key:AKIA1')],
  ])('refuses %s', (_, open) => {
    const sealed = box.seal('secret', 'access-key:AKIA1');
    expect(() => open(sealed)).toThrow();
  });

  it('refuses a master key of the wrong size', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('loadMasterKey', () => {
  it('creates <data-dir>/master.key with mode 0600 on first start, then reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-mk-'));
    const first = loadMasterKey({ dataDir: dir });
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dir, 'master.key'));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const again = loadMasterKey({ dataDir: dir });
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('reads PORTCULLIS_MASTER_KEY_FILE and never creates it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-mk-'));
    expect(() => loadMasterKey({ dataDir: dir, keyFile: join(dir, 'missing.key') })).toThrow(
      /does not exist/,
    );
    const file = join(dir, 'given.key');
    writeFileSync(file, `${'ab'.repeat(32)}\n`);
    expect(loadMasterKey({ dataDir: dir, keyFile: file }).key).toEqual(Buffer.alloc(32, 0xab));
  });

  it('accepts raw, hex and base64 keys and refuses anything else', () => {
    expect(decodeMasterKey(key)).toEqual(key);
    expect(decodeMasterKey(Buffer.from(key.toString('hex')))).toEqual(key);
    expect(decodeMasterKey(Buffer.from(key.toString('base64')))).toEqual(key);
    expect(() => decodeMasterKey(Buffer.from('short'))).toThrow(/32 bytes/);
  });
});
