/**
 * The policy benchmark workloads, generated deterministically from a seed so every run (and every
 * engine) sees byte-identical policies and requests.
 *
 * W1: one principal, 10 identity policies x 10 statements, 1,000 distinct requests, ~half allowed.
 * W2: the same shape with 100 policies (1,000 statements).
 * W3: deny-heavy: half the statements are Deny (broader patterns, guard conditions), most
 *     requests end in an explicit deny.
 *
 * Everything here is engine-neutral: policies are IAM JSON documents, requests are
 * `{action, resource, context}` with AWS condition-key names. Each adapter translates both.
 */

export const ACCOUNT = '111122223333';
export const PRINCIPAL_ARN = `arn:aws:iam::${ACCOUNT}:user/bench-app`;

/** An IAM policy document as it arrives on the wire (the subset the generator produces). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly StatementJson[];
}

export interface StatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Record<string, Record<string, readonly string[]>>;
}

/**
 * Context keys a request may carry, in AWS spelling. `aws:SourceIp`, `aws:CurrentTime` and
 * `aws:SecureTransport` are always present (AWS always sets them); `aws:PrincipalTag/team` is absent
 * for ~15% of requests (untagged sessions); `s3:prefix` is present only on s3:ListBucket.
 */
export interface BenchContext {
  readonly 'aws:SourceIp': string;
  readonly 'aws:CurrentTime': string;
  readonly 'aws:SecureTransport': 'true' | 'false';
  readonly 'aws:PrincipalTag/team'?: string;
  readonly 's3:prefix'?: string;
}

export interface BenchRequest {
  /** `service:Action` in AWS's spelling, e.g. `s3:GetObject`. */
  readonly action: string;
  readonly resource: string;
  readonly context: BenchContext;
}

export interface Workload {
  readonly name: 'W1' | 'W2' | 'W3';
  readonly description: string;
  readonly policies: readonly { readonly name: string; readonly document: PolicyDocument }[];
  readonly requests: readonly BenchRequest[];
}

/** mulberry32: tiny, fast, good enough to make a benchmark reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rand, p: number): boolean => r() < p;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Seeded Fisher-Yates shuffle (returns a new array). */
export function shuffled<T>(xs: readonly T[], r: Rand): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const TEAMS = ['payments', 'search', 'ml', 'web', 'data', 'ops'] as const;
const REGIONS = ['us-east-1', 'eu-west-1'] as const;

/** One resource family of a service: the actions that take it and a pool of realistic ARNs. */
interface Family {
  readonly service: string;
  readonly actions: readonly string[];
  readonly arns: readonly string[];
}

/** Teams whose resources no policy names: calls to them are what an unprivileged call looks like. */
const OTHER_TEAMS = ['legacy', 'partner', 'sandbox', 'finance', 'hr', 'qa'] as const;

function families(r: Rand, teams: readonly string[]): Family[] {
  const names = (purposes: readonly string[], n: number): string[] => {
    const out = new Set<string>();
    while (out.size < n) out.add(`${pick(r, teams)}-${pick(r, purposes)}-${int(r, 1, 9)}`);
    return [...out];
  };
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(r, 0, 15)];
    return s;
  };
  const buckets = names(['logs', 'assets', 'backups', 'reports', 'uploads'], 24);
  const objectArns: string[] = [];
  for (let i = 0; i < 160; i++) {
    const user = `u${int(r, 1, 40)}`;
    const key = pick(r, [
      `home/${user}/notes-${int(r, 1, 99)}.txt`,
      `shared/${pick(r, teams)}/report-${int(r, 2019, 2025)}.csv`,
      `incoming/${hex(8)}.json`,
      `archive/${int(r, 2019, 2025)}/${int(r, 1, 12)}/dump.gz`,
    ]);
    objectArns.push(`arn:aws:s3:::${pick(r, buckets)}/${key}`);
  }
  const regional = (service: string, prefix: string, ids: readonly string[]): string[] =>
    ids.map((id) => `arn:aws:${service}:${pick(r, REGIONS)}:${ACCOUNT}:${prefix}${id}`);
  return [
    {
      service: 's3',
      actions: [
        'GetObject',
        'PutObject',
        'DeleteObject',
        'GetObjectTagging',
        'PutObjectAcl',
        'GetObjectVersion',
      ],
      arns: objectArns,
    },
    {
      service: 's3',
      actions: ['ListBucket', 'GetBucketPolicy', 'GetBucketLocation', 'PutBucketPolicy'],
      arns: buckets.map((b) => `arn:aws:s3:::${b}`),
    },
    {
      service: 'dynamodb',
      actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem'],
      arns: regional('dynamodb', 'table/', names(['orders', 'users', 'sessions', 'events', 'ledger'], 30)),
    },
    {
      service: 'sqs',
      actions: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'PurgeQueue'],
      arns: regional('sqs', '', names(['jobs', 'events', 'dlq', 'ingest'], 24)),
    },
    {
      service: 'sns',
      actions: ['Publish', 'Subscribe', 'GetTopicAttributes'],
      arns: regional('sns', '', names(['alerts', 'events', 'billing'], 16)),
    },
    {
      service: 'lambda',
      actions: ['InvokeFunction', 'GetFunction', 'UpdateFunctionCode', 'DeleteFunction'],
      arns: regional('lambda', 'function:', names(['api', 'worker', 'cron', 'resize', 'etl'], 30)),
    },
    {
      service: 'kms',
      actions: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'],
      arns: regional(
        'kms',
        'key/',
        Array.from({ length: 12 }, () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`),
      ),
    },
    {
      service: 'secretsmanager',
      actions: ['GetSecretValue', 'DescribeSecret', 'PutSecretValue'],
      arns: regional(
        'secretsmanager',
        'secret:',
        names(['db', 'api-key', 'oauth'], 18).map((n) => `${n}-${hex(6)}`),
      ),
    },
    {
      service: 'ec2',
      actions: ['StartInstances', 'StopInstances', 'TerminateInstances', 'RebootInstances'],
      arns: regional(
        'ec2',
        'instance/',
        Array.from({ length: 30 }, () => `i-0${hex(16)}`),
      ),
    },
    {
      service: 'logs',
      actions: ['CreateLogStream', 'PutLogEvents', 'GetLogEvents'],
      arns: regional(
        'logs',
        'log-group:',
        names(['api', 'worker', 'audit'], 18).map((g) => `/app/${g}:log-stream:${hex(8)}`),
      ),
    },
    {
      service: 'iam',
      actions: ['GetRole', 'PassRole', 'UpdateAssumeRolePolicy'],
      arns: names(['service-role', 'deployer', 'reader'], 18).map((n) => `arn:aws:iam::${ACCOUNT}:role/${n}`),
    },
  ];
}

/** IAM wildcard test used by the generator itself (only `*` is generated). */
export function globToRegExp(pattern: string, ignoreCase = false): RegExp {
  let src = '^';
  for (const ch of pattern) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`${src}$`, ignoreCase ? 'is' : 's');
}

const splitCamel = (s: string): string[] => s.match(/[A-Z][a-z]*/g) ?? [s];

/** Actions that guard-rail Deny statements usually name: destructive or privilege-changing. */
const SENSITIVE = /^(Delete|Terminate|Purge|Stop|Update|Pass|Put\w*(Policy|Acl)|PutSecretValue)/;

function actionPattern(r: Rand, fam: Family, wildcard: boolean, sensitive = false): string {
  const sensitiveActions = fam.actions.filter((a) => SENSITIVE.test(a));
  const a = pick(r, sensitive && sensitiveActions.length > 0 ? sensitiveActions : fam.actions);
  if (!wildcard) return `${fam.service}:${a}`;
  const words = splitCamel(a);
  const roll = r();
  if (roll < 0.2 && !sensitive) return `${fam.service}:*`;
  if (roll < 0.7 || sensitive || words.length < 2) return `${fam.service}:${words[0]}*`;
  return `${fam.service}:*${words[words.length - 1]}`;
}

/** A wildcard resource pattern cut from a real ARN of the pool, at a realistic place. */
function resourcePattern(r: Rand, fam: Family, broad: boolean): string {
  const arn = pick(r, fam.arns);
  if (broad && chance(r, 0.5)) return '*';
  const colon = nthIndex(arn, ':', 5);
  const resource = arn.slice(colon + 1);
  const head = arn.slice(0, colon + 1);
  const roll = r();
  if (fam.service === 's3' && resource.includes('/')) {
    const [bucket, ...rest] = resource.split('/');
    if (roll < 0.35) return `${head}${bucket}/*`;
    if (roll < 0.7) return `${head}${bucket}/${rest[0]}/*`;
    return `${head}${bucket!.split('-')[0]}-*/*`;
  }
  const dash = resource.indexOf('-');
  if (roll < 0.45 && dash > 0) return `${head}${resource.slice(0, dash + 1)}*`;
  if (roll < 0.7) {
    // Region wildcard: `arn:aws:dynamodb:*:111122223333:table/name`.
    const f = arn.split(':');
    if (f[3] !== '') return `${f.slice(0, 3).join(':')}:*:${f.slice(4).join(':')}`;
  }
  const slash = resource.search(/[/:]/);
  if (slash > 0) return `${head}${resource.slice(0, slash + 1)}*`;
  return `${head}*`;
}

function nthIndex(s: string, ch: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) at = s.indexOf(ch, at + 1);
  return at;
}

const CORP_CIDRS = ['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12'];
const IPS = () => [
  (r: Rand) => `10.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`,
  (r: Rand) => `192.168.${int(r, 0, 255)}.${int(r, 1, 254)}`,
  (r: Rand) => `203.0.113.${int(r, 1, 254)}`,
  (r: Rand) => `198.51.100.${int(r, 1, 254)}`,
];

const isoDate = (r: Rand): string => {
  const t = Date.UTC(2024, 0, 1) + Math.floor(r() * 2 * 365 * 86400) * 1000;
  return new Date(t).toISOString().replace('.000Z', 'Z');
};

type Conditions = Record<string, Record<string, string[]>>;

function addClause(c: Conditions, op: string, key: string, values: string[]): void {
  const block = c[op] ?? {};
  block[key] = values;
  c[op] = block;
}

/** Conditions on the keys real policies use; Deny statements get the usual guard shapes. */
function conditions(r: Rand, effect: 'Allow' | 'Deny', fam: Family, actions: readonly string[]): Conditions {
  const c: Conditions = {};
  const clauses = chance(r, 0.3) ? 2 : 1;
  const listBucket = actions.some((a) => /^s3:(List|\*)/.test(a)) && fam.service === 's3';
  const used = new Set<string>();
  for (let i = 0; i < clauses; i++) {
    const roll = r();
    if (effect === 'Allow') {
      if (listBucket && !used.has('prefix')) {
        used.add('prefix');
        addClause(c, 'StringLike', 's3:prefix', [`home/u${int(r, 1, 40)}/*`, 'shared/*']);
      } else if (roll < 0.3 && !used.has('ip')) {
        used.add('ip');
        addClause(c, 'IpAddress', 'aws:SourceIp', shuffled(CORP_CIDRS, r).slice(0, int(r, 1, 2)));
      } else if (roll < 0.6 && !used.has('team')) {
        used.add('team');
        const op = chance(r, 0.25) ? 'StringEqualsIfExists' : 'StringEquals';
        addClause(c, op, 'aws:PrincipalTag/team', shuffled(TEAMS, r).slice(0, int(r, 1, 3)));
      } else if (roll < 0.85 && !used.has('time')) {
        used.add('time');
        addClause(c, chance(r, 0.5) ? 'DateLessThan' : 'DateGreaterThan', 'aws:CurrentTime', [isoDate(r)]);
      } else if (!used.has('tls')) {
        used.add('tls');
        addClause(c, 'Bool', 'aws:SecureTransport', ['true']);
      }
    } else {
      if (roll < 0.35 && !used.has('ip')) {
        used.add('ip');
        addClause(c, 'NotIpAddress', 'aws:SourceIp', shuffled(CORP_CIDRS, r).slice(0, int(r, 1, 2)));
      } else if (roll < 0.6 && !used.has('team')) {
        used.add('team');
        addClause(c, 'StringNotEquals', 'aws:PrincipalTag/team', shuffled(TEAMS, r).slice(0, int(r, 1, 3)));
      } else if (roll < 0.8 && !used.has('tls')) {
        used.add('tls');
        addClause(c, 'Bool', 'aws:SecureTransport', ['false']);
      } else if (!used.has('time')) {
        used.add('time');
        addClause(c, 'DateGreaterThan', 'aws:CurrentTime', [isoDate(r)]);
      }
    }
  }
  return c;
}

interface Shape {
  readonly policies: number;
  readonly statementsPerPolicy: number;
  /** Share of Deny statements. */
  readonly deny: number;
  /** Share of statements with a Condition block (the 20%). */
  readonly conditional: number;
  /** Share of requests aimed at some statement (the rest are random calls). */
  readonly targeted: number;
  /** Of the targeted requests, the share aimed at Deny statements. */
  readonly targetDeny: number;
  /** Deny statements use broader patterns (whole service, `*` resources). */
  readonly broadDeny: boolean;
}

interface Generated {
  readonly stmt: StatementJson;
  readonly fam: Family;
}

function generate(seed: number, shape: Shape): Omit<Workload, 'name' | 'description'> {
  const r = rng(seed);
  const fams = families(rng(0xbe11c0de), TEAMS);
  const foreign = families(rng(0xf0e1), OTHER_TEAMS);
  // s3 objects, dynamodb and sqs dominate real traffic; weight families accordingly.
  const weights = [5, 2, 4, 3, 1, 3, 2, 2, 2, 2, 1];
  const weighted: Family[] = [];
  const weightedIndex: number[] = [];
  fams.forEach((f, i) => {
    for (let k = 0; k < weights[i]!; k++) {
      weighted.push(f);
      weightedIndex.push(i);
    }
  });

  const generated: Generated[] = [];
  const policies: { name: string; document: PolicyDocument }[] = [];
  for (let p = 0; p < shape.policies; p++) {
    const statements: StatementJson[] = [];
    for (let s = 0; s < shape.statementsPerPolicy; s++) {
      const fam = pick(r, weighted);
      const effect = chance(r, shape.deny) ? 'Deny' : 'Allow';
      const broad = effect === 'Deny' && shape.broadDeny;
      const actions = new Set<string>();
      const nActions = int(r, 1, 3);
      // W1/W2 Deny statements are guard rails on sensitive actions; W3's are broad.
      const sensitive = effect === 'Deny' && !broad;
      for (let i = 0; i < nActions; i++) {
        actions.add(actionPattern(r, fam, chance(r, broad ? 0.6 : 0.35), sensitive));
      }
      const resources = new Set<string>();
      const nResources = int(r, 1, 2);
      for (let i = 0; i < nResources; i++) {
        resources.add(chance(r, broad ? 0.2 : 0.5) ? pick(r, fam.arns) : resourcePattern(r, fam, broad));
      }
      const action = [...actions];
      const stmt: StatementJson = {
        Sid: `P${p}S${s}`,
        Effect: effect,
        Action: action,
        Resource: [...resources],
        ...(chance(r, shape.conditional) ? { Condition: conditions(r, effect, fam, action) } : {}),
      };
      statements.push(stmt);
      generated.push({ stmt, fam });
    }
    policies.push({ name: `policy-${p}`, document: { Version: '2012-10-17', Statement: statements } });
  }

  const allows = generated.filter((g) => g.stmt.Effect === 'Allow');
  const denies = generated.filter((g) => g.stmt.Effect === 'Deny');
  const ips = IPS();
  const requests: BenchRequest[] = [];
  const seen = new Set<string>();
  while (requests.length < 1000) {
    let fam: Family;
    let action: string;
    let resource: string;
    if (chance(r, shape.targeted) && allows.length > 0) {
      const g = pick(r, denies.length > 0 && chance(r, shape.targetDeny) ? denies : allows);
      fam = g.fam;
      const pattern = globToRegExp(pick(r, g.stmt.Action), true);
      const candidates = fam.actions.filter((a) => pattern.test(`${fam.service}:${a}`));
      action = `${fam.service}:${pick(r, candidates.length > 0 ? candidates : fam.actions)}`;
      const rp = globToRegExp(pick(r, g.stmt.Resource));
      const arns = fam.arns.filter((a) => rp.test(a));
      resource = pick(r, arns.length > 0 ? arns : fam.arns);
    } else {
      // An untargeted call: any action, on a resource of the principal's teams or of others'.
      const i = pick(r, weightedIndex);
      fam = fams[i]!;
      action = `${fam.service}:${pick(r, fam.actions)}`;
      resource = pick(r, chance(r, 0.5) ? fam.arns : foreign[i]!.arns);
    }
    const team = chance(r, 0.85) ? pick(r, TEAMS) : undefined;
    const prefix =
      action === 's3:ListBucket'
        ? pick(r, [`home/u${int(r, 1, 40)}/`, `shared/${pick(r, TEAMS)}/`, 'incoming/', ''])
        : undefined;
    const context: BenchContext = {
      'aws:SourceIp': pick(r, ips)(r),
      'aws:CurrentTime': isoDate(r),
      'aws:SecureTransport': chance(r, 0.9) ? 'true' : 'false',
      ...(team !== undefined ? { 'aws:PrincipalTag/team': team } : {}),
      ...(prefix !== undefined ? { 's3:prefix': prefix } : {}),
    };
    const request: BenchRequest = { action, resource, context };
    const key = JSON.stringify(request);
    if (seen.has(key)) continue;
    seen.add(key);
    requests.push(request);
  }
  return { policies, requests };
}

const BASE: Shape = {
  policies: 10,
  statementsPerPolicy: 10,
  deny: 0.15,
  conditional: 0.2,
  targeted: 0.75,
  targetDeny: 0.15,
  broadDeny: false,
};

export function workload(name: 'W1' | 'W2' | 'W3'): Workload {
  switch (name) {
    case 'W1':
      return {
        name,
        description: '10 policies x 10 statements, 15% Deny, 20% conditional, 1,000 distinct requests',
        ...generate(1, BASE),
      };
    case 'W2':
      return {
        name,
        description: '100 policies x 10 statements, otherwise as W1',
        ...generate(2, { ...BASE, policies: 100 }),
      };
    case 'W3':
      return {
        name,
        description: '10 policies x 10 statements, 50% Deny with broad patterns, requests aimed at Deny',
        ...generate(3, { ...BASE, deny: 0.5, targetDeny: 0.6, broadDeny: true }),
      };
  }
}

export const WORKLOADS = ['W1', 'W2', 'W3'] as const;
