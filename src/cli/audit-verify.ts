import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditLog } from '../services/audit/verify.js';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { dataDirOf, openAuditLog, readPublicKey } from './audit-log.js';
import { ExitCode, InputError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis audit verify [--data-dir DIR] [--public-key FILE] [--expect-after DIGEST]

Checks the audit trail for tampering: every event's place in the SHA-256 chain, its hash over its
record, and every signed digest (Ed25519). Names the first event that was edited, deleted,
inserted or moved. Reads the database read-only: it runs while the server runs.

Options:
  --data-dir DIR         the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  --public-key FILE      the digest-signing public key, ideally a copy kept away from the data
                         directory (default <data-dir>/audit-signing.pub, which whoever edits the
                         database may replace too)
  --expect-after DIGEST  a digest line from \`audit export\` (a file holding it) or a hash kept
                         elsewhere: the trail must still reach it (detects a truncated tail)
  -h, --help             show this help

Exit status: 0 the trail verifies; 1 it does not (the first bad event is named) or cannot be read;
2 usage error.`;

export const auditVerify: CliCommand = {
  summary: 'check the audit trail against its hash chain and signed digests',
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      allowPositionals: false,
      options: {
        ...HELP_OPTION,
        'data-dir': { type: 'string' },
        'public-key': { type: 'string' },
        'expect-after': { type: 'string' },
      },
    });
    const dataDir = dataDirOf(values['data-dir']);
    const publicKey = readPublicKey(values['public-key'] ?? join(dataDir, 'audit-signing.pub'));
    let expectAfter = values['expect-after'];
    if (expectAfter !== undefined && !/^[0-9a-f]{64}$/i.test(expectAfter.trim())) {
      if (!existsSync(expectAfter))
        throw new InputError(`--expect-after: ${expectAfter} is neither a hash nor a file`);
      const lines = readFileSync(expectAfter, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      // An export file: its last digest line; a digest file: its one line.
      const digest = lines.filter((l) => l.includes('"signature"')).at(-1);
      if (digest === undefined) throw new InputError(`--expect-after: ${expectAfter} holds no digest`);
      expectAfter = digest.startsWith('{"type"') ? JSON.stringify(JSON.parse(digest).digest) : digest;
    }
    const log = openAuditLog(dataDir);
    try {
      const r = await verifyAuditLog(log, { publicKey, expectAfter });
      const range = r.firstSeq === undefined ? '' : ` (seq ${r.firstSeq}..${r.lastSeq})`;
      if (!r.ok) {
        const bad = r.firstBad!;
        io.out(`FAILED at event ${bad.seq}${bad.eventId ? ` (${bad.eventId})` : ''}: ${bad.reason}`);
        return ExitCode.invalidInput;
      }
      io.out(`OK: ${r.events} events${range}, ${r.digests} signed digests`);
      if (r.unsealed > 0)
        io.out(`note: the last ${r.unsealed} events are chained but not yet sealed by a digest`);
      return ExitCode.ok;
    } finally {
      await log.close();
    }
  },
};
