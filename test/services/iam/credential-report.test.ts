import { describe, expect, it } from 'vitest';
import type { AccessKeyId } from '../../../src/domain/ids.js';
import { newUserId } from '../../../src/domain/unique-id.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../../src/services/iam/credential-report-csv.js';
import {
  generateCredentialReport,
  getCredentialReport,
} from '../../../src/services/iam/credential-report.js';
import { ACCOUNT, NOW, useHarness } from './context.js';

const h = useHarness();
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

/** The CSV (no quoted fields in these tests) as one record per line, keyed by column. */
const parse = (content: Buffer): Record<string, string>[] => {
  const [header, ...lines] = content.toString('utf8').trimEnd().split('\n');
  const cols = (header ?? '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

describe('credential report', () => {
  it('ReportNotPresent before any generation', async () => {
    expect(await h.error(getCredentialReport, {})).toEqual({
      code: 'ReportNotPresent',
      message:
        'Credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
    });
  });

  it("AWS's columns and N/A / no_information / not_supported cases", async () => {
    await h.store.transaction(async (tx) => {
      for (const name of ['alice', 'bob', 'carol']) {
        await tx.users.create(ACCOUNT, {
          id: newUserId(),
          name,
          path: '/',
          createDate: at('2025-06-01T00:00:00Z'),
        });
      }
      await tx.passwordPolicies.put({
        accountId: ACCOUNT,
        minimumPasswordLength: 8,
        requireSymbols: false,
        requireNumbers: false,
        requireUppercaseCharacters: false,
        requireLowercaseCharacters: false,
        allowUsersToChangePassword: true,
        maxPasswordAge: 90,
      });
      await tx.loginProfiles.create(ACCOUNT, 'alice', { passwordHash: 'h1', at: at('2025-12-01T10:00:00Z') });
      await tx.loginProfiles.recordSignIn(ACCOUNT, 'alice', at('2025-12-20T08:30:00Z'));
      await tx.loginProfiles.create(ACCOUNT, 'bob', { passwordHash: 'h2', at: at('2025-12-02T00:00:00Z') });
      const key = async (
        id: string,
        user: string | undefined,
        created: string,
        status: 'Active' | 'Inactive',
      ) =>
        tx.accessKeys.create(ACCOUNT, {
          accessKeyId: id as AccessKeyId,
          ...(user !== undefined && { userName: user }),
          status,
          createDate: at(created),
          secretCiphertext: Buffer.from('sealed'),
        });
      await key('AKIAALICE0000000001', 'alice', '2025-07-01T00:00:00Z', 'Active');
      await key('AKIAALICE0000000002', 'alice', '2025-08-01T00:00:00Z', 'Inactive');
      await key('AKIAROOT00000000001', undefined, '2025-02-01T00:00:00Z', 'Active');
      await tx.accessKeys.recordLastUsed(ACCOUNT, 'AKIAALICE0000000001' as AccessKeyId, {
        lastUsedDate: at('2025-12-31T23:00:00Z'),
        serviceName: 'iam',
        region: 'us-east-1',
      });
      await tx.mfaDevices.create(ACCOUNT, {
        id: 'mfa1',
        path: '/',
        name: 'bob-phone',
        createDate: at('2025-06-01T00:00:00Z'),
        seedCiphertext: Buffer.from('sealed'),
      });
      await tx.mfaDevices.assign(ACCOUNT, '/', 'bob-phone', 'bob', at('2025-06-02T00:00:00Z'), 1);
    });
    expect(await h.call(generateCredentialReport, {})).toEqual({
      State: 'STARTED',
      Description: 'No report exists. Starting a new report generation task',
    });
    const report = await h.call(getCredentialReport, {});
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime).toEqual(NOW);
    const header = report.Content.toString('utf8').split('\n')[0];
    expect(header).toBe(CREDENTIAL_REPORT_COLUMNS.join(','));
    expect(CREDENTIAL_REPORT_COLUMNS).toHaveLength(22);
    const rows = parse(report.Content);
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'bob', 'carol']);
    expect(rows[0]).toEqual({
      user: '<root_account>',
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      user_creation_time: '2025-01-01T00:00:00+00:00',
      password_enabled: 'not_supported',
      password_last_used: 'no_information',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2025-02-01T00:00:00+00:00',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_used_region: 'N/A',
      access_key_1_last_used_service: 'N/A',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
      access_key_2_last_used_date: 'N/A',
      access_key_2_last_used_region: 'N/A',
      access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false',
      cert_1_last_rotated: 'N/A',
      cert_2_active: 'false',
      cert_2_last_rotated: 'N/A',
    });
    expect(rows[1]).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      user_creation_time: '2025-06-01T00:00:00+00:00',
      password_enabled: 'true',
      password_last_used: '2025-12-20T08:30:00+00:00',
      password_last_changed: '2025-12-01T10:00:00+00:00',
      password_next_rotation: '2026-03-01T10:00:00+00:00',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2025-07-01T00:00:00+00:00',
      access_key_1_last_used_date: '2025-12-31T23:00:00+00:00',
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 'iam',
      access_key_2_active: 'false',
      access_key_2_last_rotated: '2025-08-01T00:00:00+00:00',
      access_key_2_last_used_date: 'N/A',
    });
    // A password never used: no_information; MFA enabled.
    expect(rows[2]).toMatchObject({
      password_enabled: 'true',
      password_last_used: 'no_information',
      mfa_active: 'true',
    });
    // No password at all: N/A throughout the password columns.
    expect(rows[3]).toMatchObject({
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      password_next_rotation: 'N/A',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
    });
  });

  it('within four hours the report is kept (COMPLETE); after, it has expired and is regenerated', async () => {
    const later = new Date(NOW.getTime() + 3 * HOUR);
    expect(await h.call(generateCredentialReport, {}, { now: later })).toEqual({
      State: 'COMPLETE',
      Description: 'Report generated',
    });
    expect((await h.call(getCredentialReport, {}, { now: later })).GeneratedTime).toEqual(NOW);
    const expired = new Date(NOW.getTime() + 4 * HOUR);
    await expect(h.call(getCredentialReport, {}, { now: expired })).rejects.toMatchObject({
      code: 'ReportExpired',
    });
    expect((await h.call(generateCredentialReport, {}, { now: expired })).State).toBe('STARTED');
    expect((await h.call(getCredentialReport, {}, { now: expired })).GeneratedTime).toEqual(expired);
  });

  it('quotes user names that need it (RFC 4180)', async () => {
    const { credentialReportCsv } = await import('../../../src/services/iam/credential-report-csv.js');
    const csv = credentialReportCsv(
      {
        accountCreatedAt: NOW,
        users: [
          {
            accountId: ACCOUNT,
            id: 'AIDAX' as never,
            name: 'a,b',
            path: '/',
            arn: `arn:aws:iam::${ACCOUNT}:user/a,b`,
            createDate: NOW,
          },
        ],
        root: { mfaActive: true, accessKeys: [] },
        passwords: new Map(),
        mfaActive: new Set(),
        accessKeys: new Map(),
      },
      `arn:aws:iam::${ACCOUNT}:root`,
    );
    expect(csv.split('\n')[2]?.startsWith(`"a,b","arn:aws:iam::${ACCOUNT}:user/a,b",`)).toBe(true);
    expect(csv.split('\n')[1]).toContain(',true,');
  });
});
