/**
 * The API benchmark: SigV4-signed GetUser, ListUsers and CreateUser+DeleteUser against a real
 * `portcullis serve` process (built JS from dist/, authorization on), loaded by autocannon from
 * this process over loopback, next to the floor: a bare node:http process answering a fixed XML
 * body to the same load. docs/benchmarks.md ("API") describes the method.
 *
 * Filters (any order): case names (`floor`, `getuser`, `listusers`, `write`; default all),
 * `--seconds=N` (per case, default 10), `--connections=10,50`, `--tsx` (run the server from src/
 * through tsx instead of building), `--no-build` (use dist/ as it is), `--profile=DIR` (the
 * server writes a V8 CPU profile there when it stops; summarize it with
 * `node --import tsx bench/policy/profile-summary.ts DIR`).
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { type LoadResult, load, type TrackedRequest } from './load.js';
import { ACCOUNT_ID, build, type Child, ROOT_KEY, startFloor, startPortcullis } from './processes.js';
import { type Keys, REGION, type Signer, sendOnce, signer } from './sign.js';

const USERS = 100;
const CASES = ['floor', 'getuser', 'listusers', 'write'] as const;
type CaseName = (typeof CASES)[number];

interface Options {
  readonly seconds: number;
  readonly connections: readonly number[];
  readonly cases: ReadonlySet<CaseName>;
  readonly tsx: boolean;
  readonly build: boolean;
  readonly profileDir: string | undefined;
}

function parseOptions(filters: readonly string[]): Options {
  const flag = (name: string): string | undefined =>
    filters.find((f) => f === `--${name}` || f.startsWith(`--${name}=`))?.split('=')[1] ?? undefined;
  const has = (name: string): boolean => filters.some((f) => f === `--${name}` || f.startsWith(`--${name}=`));
  const words = filters.filter((f) => !f.startsWith('--')).map((f) => f.toLowerCase());
  const chosen = CASES.filter((c) => words.includes(c));
  return {
    seconds: Number(flag('seconds') ?? 10),
    connections: (flag('connections') ?? '10,50').split(',').map(Number),
    cases: new Set(chosen.length > 0 ? chosen : CASES),
    tsx: has('tsx'),
    build: !has('no-build') && !has('tsx'),
    profileDir: flag('profile'),
  };
}

/** The IAM user the target is about: one managed policy (read + write) and an inline guard rail. */
const CALLER = 'bench-caller';
const callerPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadUsers',
      Effect: 'Allow',
      Action: ['iam:GetUser'],
      Resource: `arn:aws:iam::${ACCOUNT_ID}:user/*`,
    },
    { Sid: 'ListUsers', Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' },
    {
      Sid: 'ManageWorkUsers',
      Effect: 'Allow',
      Action: ['iam:CreateUser', 'iam:DeleteUser'],
      Resource: `arn:aws:iam::${ACCOUNT_ID}:user/w-*`,
    },
  ],
};
const guardRail = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'KeepSeededUsers',
      Effect: 'Deny',
      Action: ['iam:DeleteUser', 'iam:UpdateUser', 'iam:CreateLoginProfile'],
      Resource: [`arn:aws:iam::${ACCOUNT_ID}:user/bench-user-*`, `arn:aws:iam::${ACCOUNT_ID}:user/${CALLER}`],
    },
  ],
};

const userName = (i: number): string => `bench-user-${String(i).padStart(3, '0')}`;

/** 100 users, the caller with its policies and access key; returns the caller's keys. */
async function seed(url: string): Promise<Keys> {
  const iam = new IAMClient({ endpoint: url, region: REGION, credentials: ROOT_KEY, maxAttempts: 1 });
  for (let i = 0; i < USERS; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, j) => iam.send(new CreateUserCommand({ UserName: userName(i + j) }))),
    );
  }
  await iam.send(new CreateUserCommand({ UserName: CALLER }));
  const policy = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'bench-iam-users', PolicyDocument: JSON.stringify(callerPolicy) }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: CALLER, PolicyArn: policy.Policy!.Arn! }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: CALLER,
      PolicyName: 'guard-rails',
      PolicyDocument: JSON.stringify(guardRail),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: CALLER }));
  iam.destroy();
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

/** Users left whose names start with `w-` (what the write cases did not delete). */
async function countWorkUsers(url: string): Promise<number> {
  const iam = new IAMClient({ endpoint: url, region: REGION, credentials: ROOT_KEY, maxAttempts: 1 });
  let n = 0;
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ Marker: marker, MaxItems: 1000 }));
    n += (page.Users ?? []).filter((u) => u.UserName!.startsWith('w-')).length;
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  iam.destroy();
  return n;
}

/** Sends one request of a pool and insists on a 200 whose body contains `expect`. */
async function check(url: string, req: TrackedRequest, expect: string, what: string): Promise<number> {
  const r = await sendOnce(url, req);
  if (r.status !== 200 || !r.text.includes(expect)) {
    throw new Error(`${what}: expected 200 with ${expect}, got ${r.status}\n${r.text.slice(0, 600)}`);
  }
  return Buffer.byteLength(r.text);
}

interface Row {
  readonly case: string;
  readonly caller: string;
  readonly connections: number;
  readonly r: LoadResult;
  readonly floor: LoadResult | undefined;
  readonly note: string;
}

const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
const fmtMs = (x: number): string => (Number.isNaN(x) ? '-' : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtCores = (x: number): string => x.toFixed(2);

function table(rows: readonly Row[]): string {
  const head = [
    'case',
    'caller',
    'conns',
    'requests/s',
    'p50 ms',
    'p99 ms',
    'responses',
    'non-2xx',
    'errors',
    'vs floor',
    'server CPU',
    'server µs/req',
    'autocannon CPU',
    'other CPU',
  ];
  const body = rows.map((row) => [
    row.case,
    row.caller,
    String(row.connections),
    fmtInt(row.r.perSecond),
    fmtMs(row.r.p50Ms),
    fmtMs(row.r.p99Ms),
    fmtInt(row.r.responses),
    fmtInt(row.r.non2xx),
    fmtInt(row.r.errors),
    row.floor ? `${((100 * row.r.perSecond) / row.floor.perSecond).toFixed(1)}%` : '-',
    fmtCores(row.r.serverCores),
    fmtInt((row.r.serverCores * 1e6) / row.r.perSecond),
    fmtCores(row.r.loadCores),
    fmtCores(row.r.otherCores),
  ]);
  const right = (i: number): boolean => i >= 2;
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

function describe(label: string, r: LoadResult): void {
  const codes = [...r.errorCodes].map(([c, n]) => `${c} x${n}`).join(', ');
  console.log(
    `  ${label.padEnd(34)} ${fmtInt(r.perSecond).padStart(7)}/s  p50 ${fmtMs(r.p50Ms)} ms  p99 ${fmtMs(r.p99Ms)} ms  ` +
      `${fmtInt(r.responses)} in ${r.seconds.toFixed(1)} s, status ${JSON.stringify(r.statusCodes)}` +
      `${r.errors ? `, ${r.errors} connection errors/timeouts` : ''}${codes ? `, errors: ${codes}` : ''}`,
  );
}

/** CreateUser then DeleteUser of the same fresh name, `pairs` times per connection. */
async function writeSlices(
  sign: Signer,
  connections: number,
  pairs: number,
  prefix: string,
  counts: { created: number; deleted: number },
): Promise<TrackedRequest[][]> {
  const slices: TrackedRequest[][] = [];
  for (let c = 0; c < connections; c++) {
    const slice: TrackedRequest[] = [];
    for (let i = 0; i < pairs; i++) {
      const name = `w-${prefix}-${c}-${i}`;
      const create = await sign.sign('CreateUser', { UserName: name });
      const del = await sign.sign('DeleteUser', { UserName: name });
      slice.push(
        {
          ...create,
          onResponse: (status) => {
            if (status === 200) counts.created++;
          },
        },
        {
          ...del,
          onResponse: (status) => {
            if (status === 200) counts.deleted++;
          },
        },
      );
    }
    slices.push(slice);
  }
  return slices;
}

export async function run(filters: readonly string[]): Promise<void> {
  const opts = parseOptions(filters);
  const started = Date.now();
  if (opts.build) build();
  const floor = opts.cases.has('floor') ? await startFloor() : undefined;
  const server = await startPortcullis({ tsx: opts.tsx, profileDir: opts.profileDir });
  const children: Child[] = [server, ...(floor ? [floor] : [])];
  try {
    const userKeys = await seed(server.url);
    const asRoot = signer(server.host, ROOT_KEY);
    const asUser = signer(server.host, userKeys);
    const signStart = Date.now();
    const getUserRoot = await Promise.all(
      Array.from({ length: USERS }, (_, i) => asRoot.sign('GetUser', { UserName: userName(i) })),
    );
    const getUserUser = await Promise.all(
      Array.from({ length: USERS }, (_, i) => asUser.sign('GetUser', { UserName: userName(i) })),
    );
    const listUsers = await Promise.all(Array.from({ length: USERS }, () => asUser.sign('ListUsers')));
    const floorReqs = getUserUser.map((r) => ({ ...r, headers: { ...r.headers, host: floor?.host ?? '' } }));
    const getUserBytes = await check(
      server.url,
      getUserUser[42]!,
      `<UserName>${userName(42)}</UserName>`,
      'GetUser',
    );
    await check(server.url, getUserRoot[7]!, `<UserName>${userName(7)}</UserName>`, 'GetUser as root');
    const listBytes = await check(server.url, listUsers[0]!, '<IsTruncated>true</IsTruncated>', 'ListUsers');
    const listed = (await sendOnce(server.url, listUsers[1]!)).text.split('<member>').length - 1;
    console.log(
      `server pid ${server.pid} (${opts.tsx ? 'tsx, src/' : 'node, dist/'}), floor pid ${floor?.pid ?? '-'}; ` +
        `seeded ${USERS} users + ${CALLER}; signed ${USERS * 3} read requests in ${Date.now() - signStart} ms; ` +
        `GetUser answer ${getUserBytes} bytes, ListUsers ${listBytes} bytes (${listed} users)`,
    );

    // Warm-up (JIT, caches), not reported.
    const warmCounts = { created: 0, deleted: 0 };
    if (floor)
      await load({ url: floor.url, serverPid: floor.pid, connections: 10, seconds: 1, requests: floorReqs });
    await load({
      url: server.url,
      serverPid: server.pid,
      connections: 10,
      seconds: 2,
      requests: getUserUser,
    });
    await load({ url: server.url, serverPid: server.pid, connections: 10, seconds: 1, requests: listUsers });
    if (opts.cases.has('write')) {
      const warm = await writeSlices(asUser, 10, 100, 'warm', warmCounts);
      await load({ url: server.url, serverPid: server.pid, connections: 10, seconds: 2, slices: warm });
    }

    const rows: Row[] = [];
    const s = opts.seconds;
    for (const [g, connections] of opts.connections.entries()) {
      console.log(`\n${connections} connections, ${s} s per case:`);
      const common = { connections, seconds: s };
      let floorResult: LoadResult | undefined;
      const add = (row: Omit<Row, 'floor' | 'connections'>): void => {
        describe(`${row.case} (${row.caller})`, row.r);
        rows.push({ ...row, connections, floor: floorResult });
      };
      if (floor) {
        floorResult = await load({ url: floor.url, serverPid: floor.pid, requests: floorReqs, ...common });
        describe('floor (node:http, fixed XML)', floorResult);
        rows.push({
          case: 'floor: node:http, fixed XML',
          caller: '-',
          connections,
          r: floorResult,
          floor: undefined,
          note: '',
        });
      }
      const onServer = { url: server.url, serverPid: server.pid, ...common };
      if (opts.cases.has('getuser')) {
        add({
          case: 'GetUser',
          caller: 'root',
          r: await load({ ...onServer, requests: getUserRoot }),
          note: '',
        });
        add({
          case: 'GetUser',
          caller: 'IAM user',
          r: await load({ ...onServer, requests: getUserUser }),
          note: '',
        });
      }
      if (opts.cases.has('listusers')) {
        add({
          case: 'ListUsers (100)',
          caller: 'IAM user',
          r: await load({ ...onServer, requests: listUsers }),
          note: '',
        });
      }
      if (opts.cases.has('write')) {
        // Enough fresh names for `s` seconds at the GetUser rate (writes are slower); never reused.
        const reads =
          rows.find((r) => r.caller === 'IAM user' && r.connections === connections)?.r.perSecond ?? 4000;
        const pairs = Math.ceil((reads * s * 0.75) / connections);
        const counts = { created: 0, deleted: 0 };
        const before = await countWorkUsers(server.url);
        const t = Date.now();
        const slices = await writeSlices(asUser, connections, pairs, `g${g}`, counts);
        const signMs = Date.now() - t;
        const r = await load({ ...onServer, slices });
        const left = (await countWorkUsers(server.url)) - before;
        add({ case: 'CreateUser+DeleteUser', caller: 'IAM user', r, note: '' });
        console.log(
          `    ${fmtInt(connections * pairs * 2)} requests pre-signed in ${signMs} ms, each name once; ` +
            `${fmtInt(counts.created)} users created, ${fmtInt(counts.deleted)} deleted, ${left} left on the server ` +
            `(a connection stopped between its CreateUser and DeleteUser)`,
        );
      }
    }
    console.log(`\n${table(rows)}\n`);
    console.log(
      `node ${process.version}, ${s} s per case, autocannon in this process (one thread), server and floor ` +
        "in their own processes, all on this machine's 2 cores; CPU columns are cores used over the case " +
        `(2.00 = the whole machine; "other" = the rest of the machine's load); server µs/req = server CPU time per response. ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
    );
  } finally {
    for (const c of children) {
      const code = await c.stop();
      if (code !== 0) console.log(`pid ${c.pid} exited ${code}\n${c.stderr().slice(-2000)}`);
    }
  }
}
