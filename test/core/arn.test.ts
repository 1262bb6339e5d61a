import { describe, expect, it } from 'vitest';
import { arnFields, formatArn, parseArn } from '../../src/core/arn.js';

describe('parseArn', () => {
  it('splits the five fixed fields and keeps colons in the resource', () => {
    expect(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:my:group')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'log-group:my:group',
    });
  });
  it('keeps empty region and account (IAM and S3 ARNs)', () => {
    const a = parseArn('arn:aws:s3:::bucket/key');
    expect(a?.region).toBe('');
    expect(a?.account).toBe('');
    expect(a?.resource).toBe('bucket/key');
  });
  it.each(['', '*', 'arn:aws', 'arn:aws:iam', 'arn::iam::1:x', 'notarn:aws:iam::1:x'])('rejects %j', (s) => {
    expect(parseArn(s)).toBeUndefined();
  });
  it('round-trips through formatArn', () => {
    const s = 'arn:aws:iam::123456789012:user/a/b';
    expect(formatArn(parseArn(s)!)).toBe(s);
  });
  it('arnFields returns six fields', () => {
    expect(arnFields('arn:aws:s3:::b:c')).toEqual(['arn', 'aws', 's3', '', '', 'b:c']);
    expect(arnFields('a:b')).toBeUndefined();
  });
});
