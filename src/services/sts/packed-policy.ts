/**
 * AWS packs a session's policies and tags into a compressed binary form with a fixed allotment and
 * reports its use as PackedPolicySize (a percentage); over 100% is PackedPolicyTooLarge. AWS does
 * not publish the format, so Portcullis defines its own, documented in docs/sts.md:
 *
 *   packed = deflate-raw( minified Policy + "\n" + PolicyArns joined by "\n" + "\n" +
 *                         one "key=value\n" line per session tag )
 *   allotment = 2,048 bytes;  PackedPolicySize = ceil(100 * packed.length / 2048)
 *
 * Like AWS's, it lets a 2,048-character policy through alone but refuses a large policy with many
 * tags, and text that compresses well (repeated actions) takes less room.
 */
import { deflateRawSync } from 'node:zlib';
import { AwsError } from '../../core/aws-error.js';
import type { SessionPolicies, SessionTag } from '../../domain/session.js';

export const PACKED_ALLOTMENT_BYTES = 2048;

/** The packed size as a percentage of the allotment. */
export function packedPolicySize(policies: SessionPolicies | undefined, tags: readonly SessionTag[]): number {
  const text =
    `${policies?.inline ?? ''}\n${(policies?.arns ?? []).join('\n')}\n` +
    tags.map((t) => `${t.key}=${t.value}\n`).join('');
  if (text === '\n\n') return 0;
  return Math.ceil((100 * deflateRawSync(Buffer.from(text, 'utf8')).length) / PACKED_ALLOTMENT_BYTES);
}

/** PackedPolicyTooLarge, in AWS's words, when the session policies and tags exceed the allotment. */
export function checkPackedSize(percent: number, hasTags: boolean): void {
  if (percent <= 100) return;
  throw new AwsError(
    'PackedPolicyTooLarge',
    hasTags
      ? `Packed policy consumes ${percent}% of allotted space, please use smaller policy or fewer session tags.`
      : `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
  );
}
