/**
 * The audit benchmark (docs/benchmarks.md, "Audit"):
 *
 * 1. Loads N events (default 1,000,000; `--events=N`) straight into a fresh SQLite database with
 *    prepared statements and real chain hashes (one transaction per 50,000), as the trail writes them.
 * 2. LookupEvents p50/p99 at the store level (`store.read(r => r.audit.lookup(...))`) for typical
 *    queries: no filter, by Username, by EventName, by a one-hour time range, a deep page (the
 *    20th page of a Username query, reached by its NextToken).
 * 3. The same queries through HTTP: signed CloudTrail JSON requests replayed by autocannon against
 *    a server process on that database.
 * 4. GetUser requests/s through HTTP with the audit trail on and off, in the same run
 *    (`--seconds=N` per case, default 8; `--connections=N`, default 10).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../src/domain/audit-chain.js';
import type { AccountId } from '../../src/domain/ids.js';
import type { LookupQuery } from '../../src/store/audit-repo.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { ACCOUNT_ID, ROOT, ROOT_KEY, startChild } from '../api/processes.js';
import { load, type TrackedRequest } from '../api/load.js';
import { REGION, sendOnce, signer } from '../api/sign.js';

const USERS = 1000;
const NAMES = [
  'GetUser',
  'ListUsers',
  'GetRole',
  'ListPolicies',
  'CreateUser',
  'DeleteUser',
  'AttachUserPolicy',
  'CreateAccessKey',
  'AssumeRole',
  'GetCallerIdentity',
];
const SPAN_MS = 30 * 86_400_000;
const END = Date.UTC(2026, 10, 1);

const flag = (filters: readonly string[], name: string): string | undefined =>
  filters.find((f) => f.startsWith(`--${name}=`))?.split('=')[1];

function bulkLoad(path: string, count: number): number {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO audit_events (seq, account_id, event_id, event_time, event_name, event_source, username,
      access_key_id, read_only, record, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const resource = db.prepare(
    'INSERT INTO audit_event_resources (seq, account_id, event_time, resource_type, resource_name) VALUES (?,?,?,?,?)',
  );
  const access = db.prepare(
    `INSERT INTO audit_last_access (account_id, principal_arn, service, last_at, region) VALUES (?,?,?,?,?)
     ON CONFLICT (account_id, principal_arn, service) DO UPDATE SET last_at = excluded.last_at, region = excluded.region`,
  );
  let hash = GENESIS_HASH;
  const started = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let seq = from; seq <= to; seq++) {
      const time = new Date(END - SPAN_MS + Math.floor(((seq - 1) / count) * SPAN_MS)).toISOString();
      const user = `user-${seq % USERS}`;
      const name = NAMES[(seq * 7) % NAMES.length]!;
      const readOnly = name.startsWith('Get') || name.startsWith('List') ? 1 : 0;
      const target = `target-${(seq * 13) % 5000}`;
      const record = canonicalJson({
        eventVersion: '1.08',
        userIdentity: {
          type: 'IAMUser',
          userName: user,
          accountId: ACCOUNT_ID,
          arn: `arn:aws:iam::${ACCOUNT_ID}:user/${user}`,
        },
        eventTime: `${time.slice(0, 19)}Z`,
        eventSource: 'iam.amazonaws.com',
        eventName: name,
        awsRegion: 'us-east-1',
        sourceIPAddress: '10.1.2.3',
        userAgent: 'bench',
        requestParameters: { userName: target },
        responseElements: null,
        requestID: `r-${seq}`,
        eventID: `e-${seq}`,
        readOnly: readOnly === 1,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: ACCOUNT_ID,
        resources: [{ type: 'AWS::IAM::User', ARN: target }],
      });
      const prev = hash;
      hash = chainHash(prev, seq, record);
      insert.run(
        seq,
        ACCOUNT_ID,
        `e-${seq}`,
        time,
        name,
        'iam.amazonaws.com',
        user,
        null,
        readOnly,
        record,
        prev,
        hash,
      );
      resource.run(seq, ACCOUNT_ID, time, 'AWS::IAM::User', target);
      access.run(ACCOUNT_ID, `arn:aws:iam::${ACCOUNT_ID}:user/${user}`, 'iam', time, 'us-east-1');
    }
  });
  for (let from = 1; from <= count; from += 50_000) batch(from, Math.min(count, from + 49_999));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return (performance.now() - started) / 1000;
}

interface Case {
  readonly name: string;
  readonly query: LookupQuery;
  /** Follow NextToken this many pages first (the measured call is the next page). */
  readonly depth?: number;
  readonly body: Record<string, unknown>;
}

const hourStart = new Date(END - 5 * 86_400_000);
const hourEnd = new Date(hourStart.getTime() + 3_600_000);
const CASES: readonly Case[] = [
  { name: 'no filter, first page', query: { maxResults: 50 }, body: { MaxResults: 50 } },
  {
    name: 'Username, first page',
    query: { maxResults: 50, attribute: { key: 'Username', value: 'user-42' } },
    body: { MaxResults: 50, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'user-42' }] },
  },
  {
    name: 'EventName, first page',
    query: { maxResults: 50, attribute: { key: 'EventName', value: 'DeleteUser' } },
    body: { MaxResults: 50, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeleteUser' }] },
  },
  {
    name: 'ResourceName, first page',
    query: { maxResults: 50, attribute: { key: 'ResourceName', value: 'target-77' } },
    body: {
      MaxResults: 50,
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'target-77' }],
    },
  },
  {
    name: 'time range (1 h), first page',
    query: { maxResults: 50, startTime: hourStart, endTime: hourEnd },
    body: { MaxResults: 50, StartTime: hourStart.getTime() / 1000, EndTime: hourEnd.getTime() / 1000 },
  },
  {
    name: 'Username, page 20 (NextToken)',
    query: { maxResults: 50, attribute: { key: 'Username', value: 'user-42' } },
    depth: 19,
    body: { MaxResults: 50, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'user-42' }] },
  },
];

const pct = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (x: number): string => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

export async function run(filters: readonly string[]): Promise<void> {
  const count = Number(flag(filters, 'events') ?? 1_000_000);
  const seconds = Number(flag(filters, 'seconds') ?? 8);
  const connections = Number(flag(filters, 'connections') ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-audit-bench-'));
  try {
    const path = join(dir, 'portcullis.db');
    (await openSqliteStore(path)).close();
    const loadSeconds = bulkLoad(path, count);
    console.log(
      `loaded ${count.toLocaleString('en-US')} events in ${loadSeconds.toFixed(1)} s (bulk, prepared statements, chain hashes)\n`,
    );

    // Store level.
    const store = await openSqliteStore(path);
    const account = ACCOUNT_ID as AccountId;
    const tokens = new Map<string, string | undefined>();
    console.log('| LookupEvents (store) | events returned | p50 ms | p99 ms |');
    console.log('| --- | --- | --- | --- |');
    for (const c of CASES) {
      let token: string | undefined;
      for (let i = 0; i < (c.depth ?? 0); i++) {
        token = (await store.read((r) => r.audit.lookup(account, { ...c.query, nextToken: token })))
          .nextToken;
      }
      tokens.set(c.name, token);
      const times: number[] = [];
      let returned = 0;
      for (let i = 0; i < 300; i++) {
        const t0 = performance.now();
        const page = await store.read((r) => r.audit.lookup(account, { ...c.query, nextToken: token }));
        times.push(performance.now() - t0);
        returned = page.events.length;
      }
      console.log(`| ${c.name} | ${returned} | ${ms(pct(times, 0.5))} | ${ms(pct(times, 0.99))} |`);
    }
    const la0 = performance.now();
    const last = await store.read((r) => r.audit.lastAccessed(account));
    console.log(`\nlastAccessed(account): ${last.length} rows in ${ms(performance.now() - la0)} ms`);
    await store.close();

    // HTTP: LookupEvents on this database (a server process, audit on), then GetUser on and off.
    const ct = new SignatureV4({
      service: 'cloudtrail',
      region: REGION,
      credentials: ROOT_KEY,
      sha256: Sha256,
      applyChecksum: false,
    });
    const server = await startChild(['--import', 'tsx', join(ROOT, 'bench/audit/server.ts'), dir, 'on'], {});
    console.log(
      `\n| LookupEvents (HTTP, ${connections} connections, ${seconds} s) | requests/s | p50 ms | p99 ms |`,
    );
    console.log('| --- | --- | --- | --- |');
    try {
      // The server's cursor secret is its own: fetch deep-page tokens through it.
      const send = async (body: Record<string, unknown>): Promise<TrackedRequest> => {
        const [hostname, port] = server.host.split(':');
        const signed = await ct.sign({
          method: 'POST',
          protocol: 'http:',
          hostname: hostname!,
          port: Number(port),
          path: '/',
          query: {},
          headers: {
            host: server.host,
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
          },
          body: JSON.stringify(body),
        });
        return {
          method: 'POST',
          path: '/',
          headers: signed.headers as Record<string, string>,
          body: JSON.stringify(body),
        };
      };
      for (const c of CASES.filter((x) => x.name !== 'ResourceName, first page')) {
        let body = c.body;
        for (let i = 0; i < (c.depth ?? 0); i++) {
          const r = await sendOnce(server.url, await send(body));
          body = { ...c.body, NextToken: (JSON.parse(r.text) as { NextToken: string }).NextToken };
        }
        const req = await send(body);
        const probe = await sendOnce(server.url, req);
        if (probe.status !== 200) throw new Error(`${c.name}: ${probe.status} ${probe.text.slice(0, 300)}`);
        const r = await load({
          url: server.url,
          serverPid: server.pid,
          connections,
          seconds: Math.min(seconds, 4),
          requests: [req],
        });
        console.log(
          `| ${c.name} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} |`,
        );
      }
    } finally {
      await server.stop();
    }

    console.log(
      `\n| GetUser (HTTP, root caller, ${connections} connections, ${seconds} s) | requests/s | p50 ms | p99 ms | server cores |`,
    );
    console.log('| --- | --- | --- | --- | --- |');
    for (const mode of ['off', 'on', 'off', 'on'] as const) {
      const gdir = mkdtempSync(join(tmpdir(), 'portcullis-audit-getuser-'));
      const s = await startChild(['--import', 'tsx', join(ROOT, 'bench/audit/server.ts'), gdir, mode], {});
      try {
        const sign = signer(s.host, ROOT_KEY);
        const create = await sign.sign('CreateUser', { UserName: 'bench-target' });
        await sendOnce(s.url, create);
        const req = await sign.sign('GetUser', { UserName: 'bench-target' });
        const probe = await sendOnce(s.url, req);
        if (probe.status !== 200) throw new Error(`GetUser: ${probe.status}`);
        const r = await load({ url: s.url, serverPid: s.pid, connections, seconds, requests: [req] });
        console.log(
          `| audit ${mode} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${r.serverCores.toFixed(2)} |`,
        );
      } finally {
        await s.stop();
        rmSync(gdir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
