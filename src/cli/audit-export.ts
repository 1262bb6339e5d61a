import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { HELP_OPTION, parseCommandLine } from './args.js';
import { dataDirOf, openAuditLog } from './audit-log.js';
import { ExitCode, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';

const HELP = `Usage: portcullis audit export [--data-dir DIR] [--since TIME] [--out FILE]

Writes the audit trail as JSON Lines: one {"type":"event",...} line per event (its CloudTrail
record, position and chain hashes) and one {"type":"digest",...} line per signed digest. Keep the
last digest line somewhere safe: \`audit verify --expect-after FILE\` detects a trail truncated
before it. Reads the database read-only: it runs while the server runs.

Options:
  --data-dir DIR   the server's data directory (default ./data; env PORTCULLIS_DATA_DIR)
  --since TIME     only events at or after TIME (ISO 8601, e.g. 2026-01-31T00:00:00Z); digests are
                   always written
  --out FILE       write to FILE instead of standard output
  -h, --help       show this help

Exit status: 0 written; 1 the database cannot be read; 2 usage error.`;

export const auditExport: CliCommand = {
  summary: 'write the audit trail and its digests as JSON Lines',
  help: HELP,
  run: async (args, io) => {
    const { values } = parseCommandLine({
      args: [...args],
      allowPositionals: false,
      options: {
        ...HELP_OPTION,
        'data-dir': { type: 'string' },
        since: { type: 'string' },
        out: { type: 'string' },
      },
    });
    const since = values.since === undefined ? undefined : new Date(values.since);
    if (since !== undefined && Number.isNaN(since.getTime())) {
      throw new UsageError(`--since: '${values.since}' is not a date and time (ISO 8601)`);
    }
    const log = openAuditLog(dataDirOf(values['data-dir']));
    const file: WriteStream | undefined =
      values.out === undefined ? undefined : createWriteStream(values.out, { mode: 0o600 });
    const write = async (line: string) => {
      if (file === undefined) io.out(line);
      else if (!file.write(`${line}\n`)) await once(file, 'drain');
    };
    try {
      for (let from = 1; ; ) {
        const page = await log.events(from, 5000);
        for (const e of page) {
          if (since !== undefined && e.eventTime < since) continue;
          await write(
            JSON.stringify({
              type: 'event',
              seq: e.seq,
              prevHash: e.prevHash,
              hash: e.hash,
              event: JSON.parse(e.record),
            }),
          );
        }
        if (page.length < 5000) break;
        from = page.at(-1)!.seq + 1;
      }
      for (const d of await log.digests()) {
        await write(JSON.stringify({ type: 'digest', digest: JSON.parse(d.digest) }));
      }
    } finally {
      await log.close();
      if (file) {
        file.end();
        await once(file, 'close');
      }
    }
    return ExitCode.ok;
  },
};
