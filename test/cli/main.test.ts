import { describe, expect, it } from 'vitest';
import { portcullis } from './cli-helpers.js';

describe('portcullis dispatch and help', () => {
  it.concurrent('--help lists every command and exits 0', async () => {
    const r = await portcullis(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: portcullis <command>/);
    expect(r.stdout).toMatch(/^ {2}policy validate {3,}\S/m);
    expect(r.stdout).toMatch(/^ {2}policy simulate {3,}\S/m);
    expect(r.stderr).toBe('');
  });

  it.concurrent('policy --help lists the group', async () => {
    const r = await portcullis(['policy', '-h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: portcullis policy <command>/);
    expect(r.stdout).toMatch(/^ {2}validate {3}/m);
    expect(r.stdout).toMatch(/^ {2}simulate {3}/m);
  });

  it.concurrent.each([
    [[], /portcullis: missing command/],
    [['frobnicate'], /portcullis: unknown command 'frobnicate'/],
    [['policy', 'lint', 'x.json'], /portcullis policy: unknown command 'lint'/],
  ])('usage error %j exits 2 with the listing on stderr', async (args, message) => {
    const r = await portcullis(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Commands:/);
  });

  it.concurrent('policy validate --help lists every option', async () => {
    const r = await portcullis(['policy', 'validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: portcullis policy validate \[--kind KIND\] FILE\.\.\./);
    for (const o of ['--kind', '--help']) expect(r.stdout).toContain(o);
    for (const k of ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp']) {
      expect(r.stdout).toContain(k);
    }
  });

  it.concurrent('policy simulate --help lists every option and context type', async () => {
    // --help wins even next to other (incomplete) options.
    const r = await portcullis(['policy', 'simulate', '--action', 's3:GetObject', '--help']);
    expect(r.code).toBe(0);
    const options = [
      '--policy',
      '--action',
      '--resource',
      '--context',
      '--context-type',
      '--boundary',
      '--resource-policy',
      '--resource-account',
      '--caller',
      '--json',
      '--help',
    ];
    for (const o of options) expect(r.stdout).toMatch(new RegExp(`^ {2}(-h, )?${o}\\b`, 'm'));
    for (const t of ['stringList', 'numericList', 'booleanList', 'dateList', 'ipList', 'binaryList']) {
      expect(r.stdout).toContain(t);
    }
  });
});
