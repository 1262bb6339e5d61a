/**
 * The benchmark's server process: the real pipeline and HTTP server over a data directory, with
 * the audit trail on or off (a code-level switch for measuring its cost; `portcullis serve`
 * always audits). Usage: tsx bench/audit/server.ts DATA_DIR on|off
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { SecretBox } from '../../src/auth/secret-box.js';
import { buildPipeline } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import { startHttpServer } from '../../src/server/http-server.js';
import { createLogger } from '../../src/server/logger.js';
import { AuditTrail } from '../../src/services/audit/audit-trail.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { ACCOUNT_ID, ROOT_KEY } from '../api/processes.js';

const [dataDir, mode] = process.argv.slice(2);
if (dataDir === undefined || (mode !== 'on' && mode !== 'off'))
  throw new Error('usage: server.ts DATA_DIR on|off');
const logger = createLogger('warn');
const store = await openSqliteStore(join(dataDir, 'portcullis.db'));
const secretBox = new SecretBox(Buffer.alloc(32, 7));
await bootstrap({
  store,
  secretBox,
  dataDir,
  now: new Date(),
  accountId: ACCOUNT_ID,
  rootAccessKeyId: ROOT_KEY.accessKeyId,
  rootSecretAccessKey: ROOT_KEY.secretAccessKey,
});
const audit = mode === 'on' ? new AuditTrail({ store, signer: generateKeyPairSync('ed25519') }) : undefined;
const pipeline = buildPipeline({ store, secretBox, logger, partition: 'aws', trustProxy: false, audit });
const http = await startHttpServer({ host: '127.0.0.1', port: 0, pipeline, logger });
console.log(`listening on ${http.url}`);
process.once('SIGTERM', async () => {
  await http.close(2000);
  await audit?.close();
  await store.close();
  process.exit(0);
});
