/**
 * Virtual MFA end to end: the AWS CLI, boto3 and the SDK v3 against a real server. Codes come from
 * test/e2e/authenticator-app.ts (RFC 6238 on node:crypto), computed from the seed the server
 * returned, the way a phone app would.
 */
import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  ListMFADeviceTagsCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, codeFor, hotp, settledStep, stepAt } from './authenticator-app.js';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  iamClient,
  type Keys,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';

let server: ServerProcess;
let outDir: string;
/** Every seed the server handed out, for the at-rest and log checks. */
const seeds: string[] = [];

beforeAll(async () => {
  // Debug logging, so the check below covers everything the server can log about a request.
  server = await startServer({ env: { PORTCULLIS_LOG_LEVEL: 'debug' } });
  outDir = mkdtempSync(join(tmpdir(), 'portcullis-mfa-'));
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
  if (outDir) removeDir(outDir);
});

const serial = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT_ID}:mfa${path}${name}`;

const sdkError = async (
  p: Promise<unknown>,
): Promise<{ name?: string; message?: string; status?: number }> => {
  try {
    await p;
  } catch (e) {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  return {};
};

/** CLI: a new device whose seed the CLI writes to a file (as the AWS docs show). */
function cliCreateDevice(name: string, path?: string): { serialNumber: string; seed: string } {
  const file = join(outDir, `${name}.seed`);
  const r = aws(server, ROOT_KEY, [
    'iam',
    'create-virtual-mfa-device',
    '--virtual-mfa-device-name',
    name,
    ...(path ? ['--path', path] : []),
    '--outfile',
    file,
    '--bootstrap-method',
    'Base32StringSeed',
  ]);
  expect(r.status, r.stderr).toBe(0);
  const seed = readFileSync(file, 'utf8');
  seeds.push(seed);
  return {
    serialNumber: (r.json as { VirtualMFADevice: { SerialNumber: string } }).VirtualMFADevice.SerialNumber,
    seed,
  };
}

function cliCreateUser(name: string): void {
  const r = aws(server, ROOT_KEY, ['iam', 'create-user', '--user-name', name]);
  expect(r.status, r.stderr).toBe(0);
}

/** CLI EnableMFADevice with the codes of `step` and `step + 1`. */
const cliEnable = (user: string, serialNumber: string, seed: string, step: number, second = step + 1) =>
  aws(server, ROOT_KEY, [
    'iam',
    'enable-mfa-device',
    '--user-name',
    user,
    '--serial-number',
    serialNumber,
    '--authentication-code1',
    codeFor(seed, step),
    '--authentication-code2',
    codeFor(seed, second),
  ]);

describe('the test authenticator app', () => {
  it('computes RFC 6238 SHA-1 vectors', () => {
    const key = Buffer.from('12345678901234567890', 'ascii');
    expect(hotp(key, stepAt(59_000), 8)).toBe('94287082');
    expect(hotp(key, stepAt(1111111109_000), 8)).toBe('07081804');
    expect(hotp(key, stepAt(20000000000_000), 8)).toBe('65353130');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString('ascii')).toBe('12345678901234567890');
  });
});

describe('virtual MFA through the AWS CLI', () => {
  let device: { serialNumber: string; seed: string };
  let enabledStep: number;

  it('creates a device whose seed is 64 Base32 characters and whose serial number is its ARN', () => {
    device = cliCreateDevice('alice-phone');
    expect(device.serialNumber).toBe(serial('alice-phone'));
    expect(device.seed).toMatch(/^[A-Z2-7]{64}$/);
    expect(base32Decode(device.seed)).toHaveLength(40);
    const withPath = cliCreateDevice('ops-token', '/ops/');
    expect(withPath.serialNumber).toBe(serial('ops-token', '/ops/'));
  });

  it('refuses a duplicate path and name, with any case', () => {
    const r = aws(server, ROOT_KEY, [
      'iam',
      'create-virtual-mfa-device',
      '--virtual-mfa-device-name',
      'ALICE-phone',
      '--outfile',
      join(outDir, 'dup'),
      '--bootstrap-method',
      'Base32StringSeed',
    ]);
    expect(r.errorCode).toBe('EntityAlreadyExists');
    expect(r.stderr).toContain('MFADevice entity at the same path and name already exists.');
  });

  it('refuses codes that are wrong, not consecutive, two steps away, or for an unknown user or device', async () => {
    cliCreateUser('alice');
    const now = await settledStep();
    const wrong = String((Number(codeFor(device.seed, now)) + 1) % 1_000_000).padStart(6, '0');
    const bad = aws(server, ROOT_KEY, [
      'iam',
      'enable-mfa-device',
      '--user-name',
      'alice',
      '--serial-number',
      device.serialNumber,
      '--authentication-code1',
      wrong,
      '--authentication-code2',
      codeFor(device.seed, now + 1),
    ]);
    expect(bad.errorCode).toBe('InvalidAuthenticationCode');
    expect(bad.stderr).toContain('Authentication code for device is not valid.');
    expect(cliEnable('alice', device.serialNumber, device.seed, now - 1, now + 1).errorCode).toBe(
      'InvalidAuthenticationCode',
    );
    expect(cliEnable('alice', device.serialNumber, device.seed, now + 1, now).errorCode).toBe(
      'InvalidAuthenticationCode',
    );
    expect(cliEnable('alice', device.serialNumber, device.seed, now + 2).errorCode).toBe(
      'InvalidAuthenticationCode',
    );
    expect(cliEnable('alice', device.serialNumber, device.seed, now - 3).errorCode).toBe(
      'InvalidAuthenticationCode',
    );
    expect(cliEnable('nobody', device.serialNumber, device.seed, now - 1).errorCode).toBe('NoSuchEntity');
    expect(cliEnable('alice', serial('missing'), device.seed, now - 1).errorCode).toBe('NoSuchEntity');
    expect(cliEnable('alice', 'GAHT12345678', device.seed, now - 1).errorCode).toBe('NoSuchEntity');
    const noDigits = aws(server, ROOT_KEY, [
      'iam',
      'enable-mfa-device',
      '--user-name',
      'alice',
      '--serial-number',
      device.serialNumber,
      '--authentication-code1',
      'abcdef',
      '--authentication-code2',
      '123456',
    ]);
    expect(noDigits.errorCode).toBe('ValidationError');
  });

  it('enables the device with two consecutive codes, as a user types them (previous step, then current)', async () => {
    const now = await settledStep();
    const r = cliEnable('alice', device.serialNumber, device.seed, now - 1, now);
    expect(r.status, r.stderr).toBe(0);
    enabledStep = now;
    const list = aws(server, ROOT_KEY, ['iam', 'list-mfa-devices', '--user-name', 'alice']);
    const devices = (
      list.json as { MFADevices: { UserName: string; SerialNumber: string; EnableDate: string }[] }
    ).MFADevices;
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ UserName: 'alice', SerialNumber: device.serialNumber });
    expect(Math.abs(Date.parse(devices[0]!.EnableDate) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses the enabling codes again (replay) and a device that is already in use', () => {
    const replay = aws(server, ROOT_KEY, [
      'iam',
      'resync-mfa-device',
      '--user-name',
      'alice',
      '--serial-number',
      device.serialNumber,
      '--authentication-code1',
      codeFor(device.seed, enabledStep - 1),
      '--authentication-code2',
      codeFor(device.seed, enabledStep),
    ]);
    expect(replay.errorCode).toBe('InvalidAuthenticationCode');
    cliCreateUser('bob');
    const again = cliEnable('bob', device.serialNumber, device.seed, stepAt(Date.now()));
    expect(again.errorCode).toBe('EntityAlreadyExists');
  });

  it('lists virtual devices by assignment status, with the user of an assigned one', () => {
    const assigned = aws(server, ROOT_KEY, [
      'iam',
      'list-virtual-mfa-devices',
      '--assignment-status',
      'Assigned',
    ]);
    const a = (
      assigned.json as {
        VirtualMFADevices: {
          SerialNumber: string;
          User?: { UserName: string; Arn: string };
          EnableDate?: string;
          Base32StringSeed?: string;
        }[];
      }
    ).VirtualMFADevices;
    expect(a.map((d) => d.SerialNumber)).toEqual([device.serialNumber]);
    expect(a[0]!.User).toMatchObject({ UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice` });
    expect(a[0]!.EnableDate).toBeDefined();
    expect(a[0]!.Base32StringSeed).toBeUndefined();
    const unassigned = aws(server, ROOT_KEY, [
      'iam',
      'list-virtual-mfa-devices',
      '--assignment-status',
      'Unassigned',
    ]);
    const u = (unassigned.json as { VirtualMFADevices: { SerialNumber: string; User?: unknown }[] })
      .VirtualMFADevices;
    expect(u.map((d) => d.SerialNumber)).toContain(serial('ops-token', '/ops/'));
    expect(u.map((d) => d.SerialNumber)).not.toContain(device.serialNumber);
    expect(u.every((d) => d.User === undefined)).toBe(true);
    const bad = aws(server, ROOT_KEY, [
      'iam',
      'list-virtual-mfa-devices',
      '--assignment-status',
      'Sometimes',
    ]);
    expect(bad.errorCode).toBe('ValidationError');
  });

  it('refuses DeleteUser and DeleteVirtualMFADevice while the device is enabled (DeleteConflict)', () => {
    const delUser = aws(server, ROOT_KEY, ['iam', 'delete-user', '--user-name', 'alice']);
    expect(delUser.errorCode).toBe('DeleteConflict');
    expect(delUser.stderr).toContain('Cannot delete entity, must delete MFA device first.');
    const delDevice = aws(server, ROOT_KEY, [
      'iam',
      'delete-virtual-mfa-device',
      '--serial-number',
      device.serialNumber,
    ]);
    expect(delDevice.errorCode).toBe('DeleteConflict');
  });

  it('resyncs with two later consecutive codes, then deactivates and deletes, and the user can go', async () => {
    // The enabling codes used up to enabledStep: resync needs a later step inside the window.
    while (stepAt(Date.now()) <= enabledStep) await new Promise((r) => setTimeout(r, 500));
    const now = await settledStep(5_000);
    const resync = aws(server, ROOT_KEY, [
      'iam',
      'resync-mfa-device',
      '--user-name',
      'alice',
      '--serial-number',
      device.serialNumber,
      '--authentication-code1',
      codeFor(device.seed, now),
      '--authentication-code2',
      codeFor(device.seed, now + 1),
    ]);
    expect(resync.status, resync.stderr).toBe(0);
    const wrongUser = aws(server, ROOT_KEY, [
      'iam',
      'deactivate-mfa-device',
      '--user-name',
      'bob',
      '--serial-number',
      device.serialNumber,
    ]);
    expect(wrongUser.errorCode).toBe('NoSuchEntity');
    expect(
      aws(server, ROOT_KEY, [
        'iam',
        'deactivate-mfa-device',
        '--user-name',
        'alice',
        '--serial-number',
        device.serialNumber,
      ]).status,
    ).toBe(0);
    const listed = aws(server, ROOT_KEY, ['iam', 'list-mfa-devices', '--user-name', 'alice']);
    expect((listed.json as { MFADevices: unknown[] }).MFADevices).toEqual([]);
    expect(
      aws(server, ROOT_KEY, ['iam', 'delete-virtual-mfa-device', '--serial-number', device.serialNumber])
        .status,
    ).toBe(0);
    expect(
      aws(server, ROOT_KEY, ['iam', 'delete-virtual-mfa-device', '--serial-number', device.serialNumber])
        .errorCode,
    ).toBe('NoSuchEntity');
    expect(aws(server, ROOT_KEY, ['iam', 'delete-user', '--user-name', 'alice']).status).toBe(0);
  }, 60_000);
});

interface BotoDevice {
  serial: string;
  seed: string;
  png_len: number;
  png_magic: string;
}

describe('virtual MFA through boto3', () => {
  it('creates a device with tags (seed and QR code as bytes) and pages the device list', async () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
out = []
for name in ['b-one', 'b-two', 'b-three']:
    d = iam.create_virtual_mfa_device(VirtualMFADeviceName=name, Path='/boto/', Tags=[{'Key': 'team', 'Value': 'blue'}])['VirtualMFADevice']
    out.append({'serial': d['SerialNumber'], 'seed': d['Base32StringSeed'].decode('ascii'), 'png_len': len(d['QRCodePNG']), 'png_magic': d['QRCodePNG'][:8].hex(), 'tags': d.get('Tags')})
pages = []
marker = None
while True:
    kw = {'MaxItems': 2, 'AssignmentStatus': 'Unassigned'}
    if marker: kw['Marker'] = marker
    page = iam.list_virtual_mfa_devices(**kw)
    pages.append([d['SerialNumber'] for d in page['VirtualMFADevices']])
    if not page['IsTruncated']: break
    marker = page['Marker']
print(json.dumps({'devices': out, 'pages': pages}))
`,
    );
    const json = r.json as { devices: (BotoDevice & { tags: unknown })[]; pages: string[][] };
    expect(json, r.stderr).toBeDefined();
    for (const d of json.devices) {
      seeds.push(d.seed);
      expect(d.seed).toMatch(/^[A-Z2-7]{64}$/);
      expect(d.png_magic).toBe('89504e470d0a1a0a');
      expect(d.png_len).toBeGreaterThan(500);
      expect(d.tags).toEqual([{ Key: 'team', Value: 'blue' }]);
    }
    expect(json.devices.map((d) => d.serial)).toEqual(
      ['b-one', 'b-two', 'b-three'].map((n) => serial(n, '/boto/')),
    );
    expect(json.pages.every((p) => p.length <= 2)).toBe(true);
    const all = json.pages.flat();
    expect(new Set(all).size).toBe(all.length);
    for (const d of json.devices) expect(all).toContain(d.serial);
  });

  it('tags, untags and lists the tags of a device, and answers errors with AWS codes and statuses', () => {
    const s = serial('b-one', '/boto/');
    const r = boto3(
      server,
      ROOT_KEY,
      `
iam.create_user(UserName='carol')
iam.tag_mfa_device(SerialNumber=${JSON.stringify(s)}, Tags=[{'Key': 'env', 'Value': 'prod'}])
iam.untag_mfa_device(SerialNumber=${JSON.stringify(s)}, TagKeys=['team'])
tags = iam.list_mfa_device_tags(SerialNumber=${JSON.stringify(s)})['Tags']
errors = {}
for label, call in [
    ('unknown-tags', lambda: iam.list_mfa_device_tags(SerialNumber=${JSON.stringify(serial('nope'))})),
    ('aws-tag', lambda: iam.tag_mfa_device(SerialNumber=${JSON.stringify(s)}, Tags=[{'Key': 'aws:x', 'Value': 'y'}])),
    ('dup', lambda: iam.create_virtual_mfa_device(VirtualMFADeviceName='b-one', Path='/boto/')),
    ('enable-bad', lambda: iam.enable_mfa_device(UserName='carol', SerialNumber=${JSON.stringify(s)}, AuthenticationCode1='000000', AuthenticationCode2='000001')),
    ('list-unknown-user', lambda: iam.list_mfa_devices(UserName='nobody')),
    ('get-unassigned', lambda: iam.get_mfa_device(SerialNumber=${JSON.stringify(s)}, UserName='carol')),
    ('deactivate-unassigned', lambda: iam.deactivate_mfa_device(UserName='carol', SerialNumber=${JSON.stringify(s)})),
]:
    try:
        call()
        errors[label] = None
    except botocore.exceptions.ClientError as e:
        errors[label] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'tags': tags, 'errors': errors}))
`,
    );
    const json = r.json as { tags: unknown; errors: Record<string, [string, number] | null> };
    expect(json, r.stderr).toBeDefined();
    expect(json.tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(json.errors).toEqual({
      'unknown-tags': ['NoSuchEntity', 404],
      'aws-tag': ['InvalidInput', 400],
      dup: ['EntityAlreadyExists', 409],
      'enable-bad': ['InvalidAuthenticationCode', 403],
      'list-unknown-user': ['NoSuchEntity', 404],
      'get-unassigned': ['NoSuchEntity', 404],
      'deactivate-unassigned': ['NoSuchEntity', 404],
    });
  });
});

/** The PNG's pixels as a dark/light grid (8-bit RGB, RGBA, grey or grey+alpha, non-interlaced). */
function decodePng(png: Buffer): { width: number; height: number; dark: (x: number, y: number) => boolean } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      colorType = data[9]!;
      expect(data[12]).toBe(0); // not interlaced
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const bpp = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (bpp === undefined) throw new Error(`colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= bpp ? pixels[y * stride + i - bpp]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? pixels[(y - 1) * stride + i - bpp]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, dark: (x, y) => pixels[y * stride + x * bpp]! < 128 };
}

const HAS_ZBAR = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' }).status === 0;
let lastQr: { png: Buffer; uri: string } | undefined;

describe('virtual MFA through the SDK v3', () => {
  const client = () => iamClient(server, ROOT_KEY as Keys);

  it('returns a QR code PNG that shows the otpauth URI of the seed, for a phone to scan', async () => {
    const out = await client().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'sdk-phone' }));
    const seed = Buffer.from(out.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    seeds.push(seed);
    const png = Buffer.from(out.VirtualMFADevice!.QRCodePNG!);
    expect(png.length).toBeGreaterThan(500);
    expect(png.length).toBeLessThan(100_000);
    const image = decodePng(png);
    expect(image.width).toBe(image.height);
    expect(image.width).toBeGreaterThanOrEqual(150);
    expect(image.width).toBeLessThanOrEqual(2000);
    // Not a QR decoder (none is installed): the image must show, module for module, the QR
    // matrix of the URI an authenticator app expects for this seed.
    const uri = `otpauth://totp/Portcullis:${encodeURIComponent(`sdk-phone@${ACCOUNT_ID}`)}?issuer=Portcullis&secret=${seed}&algorithm=SHA1&digits=6&period=30`;
    const matrix = QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules;
    const moduleSize = image.width / (matrix.size + 8);
    expect(Number.isInteger(moduleSize)).toBe(true);
    let mismatches = 0;
    for (let r = 0; r < matrix.size; r++) {
      for (let c = 0; c < matrix.size; c++) {
        const x = Math.floor((c + 4 + 0.5) * moduleSize);
        const y = Math.floor((r + 4 + 0.5) * moduleSize);
        if (image.dark(x, y) !== Boolean(matrix.get(r, c))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // The quiet zone is light.
    expect(image.dark(1, 1)).toBe(false);
    lastQr = { png, uri };
  });

  // A real QR decoder where the machine has one (Debian's zbar-tools); the check above stands alone.
  it.skipIf(!HAS_ZBAR)('decodes, with zbarimg, to the otpauth URI', () => {
    expect(lastQr).toBeDefined();
    const file = join(outDir, 'qr.png');
    writeFileSync(file, lastQr!.png);
    const r = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout.trim()).toBe(lastQr!.uri);
  });

  it('enables, gets, lists, resyncs-refuses, tags, deactivates and deletes a device', async () => {
    const c = client();
    const created = await c.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dave-phone', Path: '/sdk/' }),
    );
    const serialNumber = created.VirtualMFADevice!.SerialNumber!;
    const seed = Buffer.from(created.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    seeds.push(seed);
    cliCreateUser('dave');
    const now = await settledStep();
    const enable = (code1: string, code2: string) =>
      c.send(
        new EnableMFADeviceCommand({
          UserName: 'dave',
          SerialNumber: serialNumber,
          AuthenticationCode1: code1,
          AuthenticationCode2: code2,
        }),
      );
    const bad = await sdkError(enable('123456', '654321'));
    expect(bad).toMatchObject({ name: 'InvalidAuthenticationCodeException', status: 403 });
    await enable(codeFor(seed, now - 1), codeFor(seed, now));
    const got = await c.send(new GetMFADeviceCommand({ SerialNumber: serialNumber, UserName: 'dave' }));
    expect(got).toMatchObject({ UserName: 'dave', SerialNumber: serialNumber });
    expect(got.EnableDate).toBeInstanceOf(Date);
    const listed = await c.send(new ListMFADevicesCommand({ UserName: 'dave' }));
    expect(listed.MFADevices?.map((d) => d.SerialNumber)).toEqual([serialNumber]);
    const virtual = await c.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(virtual.VirtualMFADevices?.find((d) => d.SerialNumber === serialNumber)?.User?.UserName).toBe(
      'dave',
    );
    const replay = await sdkError(
      c.send(
        new ResyncMFADeviceCommand({
          UserName: 'dave',
          SerialNumber: serialNumber,
          AuthenticationCode1: codeFor(seed, now - 1),
          AuthenticationCode2: codeFor(seed, now),
        }),
      ),
    );
    expect(replay.name).toBe('InvalidAuthenticationCodeException');
    await c.send(new TagMFADeviceCommand({ SerialNumber: serialNumber, Tags: [{ Key: 'k', Value: 'v' }] }));
    expect((await c.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber }))).Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
    expect(
      (await sdkError(c.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })))).name,
    ).toBe('DeleteConflictException');
    await c.send(new DeactivateMFADeviceCommand({ UserName: 'dave', SerialNumber: serialNumber }));
    expect(
      (await sdkError(c.send(new GetMFADeviceCommand({ SerialNumber: serialNumber, UserName: 'dave' }))))
        .name,
    ).toBe('NoSuchEntityException');
    await c.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
    const gone = await sdkError(c.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber })));
    expect(gone).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    const foreign = await sdkError(
      c.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: `arn:aws:iam::999999999999:mfa/dave-phone` })),
    );
    expect(foreign.name).toBe('NoSuchEntityException');
  });

  it('lets a user list its own devices without naming itself, authorized on its own user ARN', async () => {
    const c = client();
    cliCreateUser('erin');
    const key = await c.send(
      new (await import('@aws-sdk/client-iam')).CreateAccessKeyCommand({ UserName: 'erin' }),
    );
    const erin: Keys = {
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    };
    const created = await c.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'erin' }));
    const seed = Buffer.from(created.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    seeds.push(seed);
    const now = await settledStep();
    await c.send(
      new EnableMFADeviceCommand({
        UserName: 'erin',
        SerialNumber: serial('erin'),
        AuthenticationCode1: codeFor(seed, now - 1),
        AuthenticationCode2: codeFor(seed, now),
      }),
    );
    const asErin = iamClient(server, erin);
    expect((await sdkError(asErin.send(new ListMFADevicesCommand({})))).name).toBe('AccessDenied');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:ListMFADevices', Resource: 'arn:aws:iam::*:user/${aws:username}' },
      ],
    });
    const put = aws(server, ROOT_KEY, [
      'iam',
      'put-user-policy',
      '--user-name',
      'erin',
      '--policy-name',
      'own-mfa',
      '--policy-document',
      policy,
    ]);
    expect(put.status, put.stderr).toBe(0);
    const own = await asErin.send(new ListMFADevicesCommand({}));
    expect(own.MFADevices?.map((d) => [d.UserName, d.SerialNumber])).toEqual([['erin', serial('erin')]]);
    expect((await sdkError(asErin.send(new ListMFADevicesCommand({ UserName: 'dave' })))).name).toBe(
      'AccessDenied',
    );
  });
});

describe('seeds at rest and in logs', () => {
  it('finds no Base32 seed in any file of the data directory (but the master key and credentials), nor in the logs', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(7);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (entry !== 'master.key' && entry !== 'credentials') files.push(path);
      }
    };
    walk(server.dataDir);
    // The database and, while the server runs, its write-ahead log (where new rows land first).
    expect(files.some((f) => f.endsWith('.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('.db-wal'))).toBe(true);
    const contents = files.map((f) => readFileSync(f));
    const logs = Buffer.from(server.stdout() + server.stderr());
    // Debug logging recorded the refused calls above, so there is something to search.
    expect(logs.includes(Buffer.from('request refused'))).toBe(true);
    for (const seed of seeds) {
      // The whole seed, and any 16-character piece of it (80 bits: no chance match).
      for (const needle of [seed, seed.slice(0, 16), seed.slice(24, 40), seed.slice(48)]) {
        for (const [i, content] of contents.entries()) {
          expect(content.includes(Buffer.from(needle)), `${needle} in ${files[i]}`).toBe(false);
        }
        expect(logs.includes(Buffer.from(needle))).toBe(false);
      }
    }
  });
});
