/**
 * The server's logger: pino, JSON lines on stdout, every record passed through the one redaction
 * function (core/redact.ts) so that no secret reaches a log.
 */
import { pino, type Logger } from 'pino';
import { redact } from '../core/redact.js';

export type { Logger } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'portcullis' },
    formatters: { log: (record) => redact(record) as Record<string, unknown> },
    serializers: { err: pino.stdSerializers.err },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
